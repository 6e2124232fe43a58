using System.Text.Json;

using ShowBot.Recommender.Evaluation;

namespace ShowBot.Recommender.Tests;

public class EvaluationTests
{
    private static readonly EvaluationOptions SmallRun = new()
    {
        AncestorMinLikes = 20,
        Candidates =
        [
            new("popularity", [new Dictionary<string, double>()]),
            new("item-knn", [new Dictionary<string, double> { ["neighbours"] = 5 }, new Dictionary<string, double> { ["neighbours"] = 30 }]),
            new("ials", [new Dictionary<string, double> { ["factors"] = 8, ["iterations"] = 4 }]),
            new("ease", [new Dictionary<string, double> { ["regularization"] = 10, ["max-items"] = 50 }]),
        ],
    };

    [Fact]
    public void Strong_generalization_holds_out_whole_users_and_a_fifth_of_their_likes()
    {
        var likes = TestData.Synthetic(users: 200, items: 80, likesPerUser: 15, seed: 4);

        var split = StrongGeneralizationSplit.Create(likes, new EvaluationOptions { HeldOutUsers = 30 });

        Assert.Equal(140, split.Train.UserCount);
        Assert.Equal(30, split.Validation.Count);
        Assert.Equal(30, split.Test.Count);
        Assert.All(split.Test.Concat(split.Validation), user =>
        {
            var total = user.FoldIn.Length + user.HeldOut.Count;
            Assert.Equal((int)(0.2 * total), user.HeldOut.Count);
            Assert.Empty(user.FoldIn.Intersect(user.HeldOut));
        });
        HashSet<string> trainUsers = [.. split.Train.Users.ExternalIds];
        Assert.Equal(200, trainUsers.Count + 60);
    }

    [Fact]
    public void Ancestor_split_removes_the_held_out_likes_from_training_only_for_sampled_prolific_users()
    {
        var likes = TestData.Synthetic(users: 100, items: 200, likesPerUser: 30, seed: 5);

        var split = AncestorSplit.Create(likes, new EvaluationOptions { AncestorMinLikes = 25, AncestorMaxUsers = 10 });

        Assert.Equal(10, split.Users.Count);
        Assert.Equal(likes.LikeCount - split.Users.Sum(u => u.HeldOut.Count), split.Train.LikeCount);
        Assert.All(split.Users, user => Assert.Empty(user.FoldIn.Intersect(user.HeldOut)));
    }

    [Fact]
    public void Runs_every_model_deterministically_and_writes_model_metric_json()
    {
        var likes = TestData.Synthetic(users: 300, items: 50, likesPerUser: 12, seed: 6);

        var first = EvaluationRunner.Run(likes, SmallRun);
        var second = EvaluationRunner.Run(likes, SmallRun);

        var json = EvaluationReportFormatter.ToJson(first);
        Assert.Equal(json, EvaluationReportFormatter.ToJson(second));
        var parsed = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double>>>(json)!;
        Assert.Equal(["popularity", "item-knn", "ials", "ease"], parsed.Keys);
        Assert.All(parsed.Values, metrics => Assert.Equal(["recall@20", "recall@50", "ndcg@100", "ancestor-hits@10"], metrics.Keys));
        Assert.All(parsed.Values.SelectMany(m => m.Values), value => Assert.InRange(value, 0, 1));
        Assert.Equal(2, first.Models[1].Validation.Count);
        Assert.True(parsed["item-knn"]["ndcg@100"] > parsed["popularity"]["ndcg@100"]);

        var table = EvaluationReportFormatter.ToTable(first);
        Assert.Contains("recall@20", table, StringComparison.Ordinal);
        Assert.Contains("neighbours=", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_refuses_the_data_is_reported_as_skipped()
    {
        var likes = TestData.Synthetic(users: 200, items: 60, likesPerUser: 12, seed: 7);
        var options = SmallRun with { Candidates = [new("ease", [new Dictionary<string, double> { ["max-items"] = 10 }])] };

        var report = EvaluationRunner.Run(likes, options);

        Assert.Contains("EASE refuses", report.Models[0].Skipped, StringComparison.Ordinal);
        Assert.Equal("{}", EvaluationReportFormatter.ToJson(report));
        Assert.Contains("skipped: EASE refuses", EvaluationReportFormatter.ToTable(report), StringComparison.Ordinal);
    }
}
