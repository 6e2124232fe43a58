using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Tests;

/// <summary>Small hand-made like matrices whose right answers are obvious.</summary>
internal static class TestData
{
    /// <summary>Likes from "user:item item item" lines.</summary>
    public static InteractionMatrix Likes(params string[] rows)
    {
        return InteractionMatrix.FromLikes(
            from row in rows
            let parts = row.Split(':')
            from item in parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            select (parts[0], item));
    }

    /// <summary>
    /// Two taste clusters: drama fans like d1..d4, comedy fans like c1..c4, each user missing one at random-ish
    /// positions; d1 and c1 are the most popular of their clusters, and "hit" is liked by everyone.
    /// </summary>
    public static InteractionMatrix TwoClusters()
    {
        List<string> rows = [];
        for (var u = 0; u < 12; u++)
        {
            rows.Add($"d{u}:hit d1 {(u % 4 != 1 ? "d2" : string.Empty)} {(u % 4 != 2 ? "d3" : string.Empty)} {(u % 4 != 3 ? "d4" : string.Empty)}");
            rows.Add($"c{u}:hit c1 {(u % 4 != 1 ? "c2" : string.Empty)} {(u % 4 != 2 ? "c3" : string.Empty)} {(u % 4 != 3 ? "c4" : string.Empty)}");
        }

        rows.Add("x:hit");
        return Likes([.. rows]);
    }

    /// <summary>A random-but-seeded matrix with block structure, big enough to exercise the parallel paths.</summary>
    public static InteractionMatrix Synthetic(int users, int items, int likesPerUser, int seed)
    {
        Random random = new(seed);
        List<(string, string)> likes = [];
        var groups = 5;
        for (var u = 0; u < users; u++)
        {
            var group = u % groups;
            for (var l = 0; l < likesPerUser; l++)
            {
                var item = random.NextDouble() < 0.8
                    ? (group * (items / groups)) + random.Next(items / groups)
                    : random.Next(items);
                likes.Add(($"u{u}", $"i{item}"));
            }
        }

        return InteractionMatrix.FromLikes(likes);
    }
}
