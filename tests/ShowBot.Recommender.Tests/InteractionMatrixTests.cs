using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Tests;

public class InteractionMatrixTests
{
    [Fact]
    public void Builds_sorted_unique_csr_and_matching_csc()
    {
        var matrix = InteractionMatrix.FromLikes([("alice", "b"), ("bob", "a"), ("alice", "a"), ("alice", "b"), ("carol", "c"), ("bob", "c")]);

        Assert.Equal(["alice", "bob", "carol"], matrix.Users.ExternalIds);
        Assert.Equal(["b", "a", "c"], matrix.Items.ExternalIds);
        Assert.Equal(5, matrix.LikeCount);
        Assert.Equal([0, 2, 4, 5], matrix.RowPointers.ToArray());
        Assert.Equal([0, 1, 1, 2, 2], matrix.ColumnIndices.ToArray());
        Assert.Equal([0, 1, 3, 5], matrix.ColumnPointers.ToArray());
        Assert.Equal([0, 0, 1, 1, 2], matrix.RowIndices.ToArray());
        Assert.Equal([1, 2], matrix.UsersWhoLike(2).ToArray());
        Assert.Equal([1, 2, 2], matrix.ItemLikeCounts());
    }

    [Fact]
    public void Ratings_below_the_like_threshold_are_not_likes()
    {
        var matrix = InteractionMatrix.FromRatings(
            [new("u1", "a", 8), new("u1", "b", 7.5f), new("u2", "b", 9), new("u3", "c", 2)],
            likeThreshold: 8);

        Assert.Equal(["u1", "u2"], matrix.Users.ExternalIds);
        Assert.Equal(["a", "b"], matrix.Items.ExternalIds);
        Assert.Equal([0], matrix.ItemsLikedBy(0).ToArray());
        Assert.Equal([1], matrix.ItemsLikedBy(1).ToArray());
    }

    [Fact]
    public void Dense_pairs_outside_the_maps_are_rejected()
    {
        ExternalIdMap users = new(["u"]);
        ExternalIdMap items = new(["i"]);

        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionMatrix.FromDenseLikes(users, items, [(0, 1)]));
    }
}
