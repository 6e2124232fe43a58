using ShowBot.Recommender.Data;
using ShowBot.Recommender.LinearAlgebra;
using ShowBot.Recommender.Models;

namespace ShowBot.Recommender.Tests;

public class ModelTests
{
    public static TheoryData<string> Algorithms => [.. ModelTrainers.Algorithms];

    private static readonly Dictionary<string, Dictionary<string, double>> SmallParameters = new()
    {
        ["popularity"] = [],
        ["item-knn"] = new() { ["neighbours"] = 10 },
        ["ials"] = new() { ["factors"] = 2, ["regularization"] = 1, ["alpha"] = 10, ["iterations"] = 10 },
        ["ease"] = new() { ["regularization"] = 5 },
    };

    internal static FoldInModel Train(string algorithm, InteractionMatrix likes)
    {
        return ModelTrainers.Create(algorithm, SmallParameters[algorithm]).Train(likes);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Never_returns_liked_disliked_or_filtered_out_items(string algorithm)
    {
        var model = Train(algorithm, TestData.TwoClusters());
        RecommendationQuery query = new(["d1", "d2"], 100) { Disliked = ["d3", "hit"], Include = id => id != "c2" };

        string[] answer = [.. model.Recommend(query).Select(r => r.ItemId)];

        Assert.Equal(["c1", "c3", "c4", "d4"], answer.Order());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Unknown_likes_are_ignored_and_no_known_like_falls_back_to_popularity(string algorithm)
    {
        var model = Train(algorithm, TestData.TwoClusters());

        var answer = model.Recommend(new RecommendationQuery(["tt0903747"], 3) { Disliked = ["d1"] });

        Assert.Equal(["hit", "c1", "d2"], answer.Select(r => r.ItemId));
        Assert.All(answer, r => Assert.Null(r.BecauseOf));
    }

    [Theory]
    [InlineData("item-knn")]
    [InlineData("ials")]
    [InlineData("ease")]
    public void Ranks_the_liked_cluster_first_and_explains_with_a_liked_item(string algorithm)
    {
        var model = Train(algorithm, TestData.TwoClusters());

        // "hit", liked by everyone, is a fair suggestion too; leaving it out isolates the cluster structure.
        var answer = model.Recommend(new RecommendationQuery(["d2", "d3", "unknown"], 2) { Disliked = ["hit"] });

        Assert.Equal(["d1", "d4"], answer.Select(r => r.ItemId).Order());
        Assert.All(answer, r => Assert.Contains(r.BecauseOf, new[] { "d2", "d3" }));
        Assert.True(answer[0].Score >= answer[1].Score);
    }

    [Fact]
    public void Popularity_ranks_by_like_count_with_ties_to_the_first_seen_item()
    {
        var model = Train("popularity", TestData.Likes("u1:a b", "u2:b c", "u3:b c"));

        Assert.Equal(["b", "c", "a"], model.Recommend(new RecommendationQuery([], 5)).Select(r => r.ItemId));
        Assert.Equal([3f, 2f, 1f], model.Recommend(new RecommendationQuery([], 5)).Select(r => r.Score));
    }

    [Fact]
    public void Item_knn_scores_are_sums_of_cosine_similarities_and_keep_only_top_neighbours()
    {
        // a: {u1,u2}, b: {u1,u2,u3}, c: {u3}. cos(a,b) = 2/√6, cos(b,c) = 1/√3, cos(a,c) = 0.
        var likes = TestData.Likes("u1:a b", "u2:a b", "u3:b c");
        var model = (ItemKnnModel)new ItemKnnTrainer(new Dictionary<string, double> { ["neighbours"] = 1 }).Train(likes);

        var scores = new float[3];
        model.ScoreItems([0, 2], scores);

        // Similarities are kept at half precision, as artifacts store them.
        Assert.Equal((float)(Half)(2 / MathF.Sqrt(6)), model.Similarity(0, 1));
        Assert.Equal(0f, model.Similarity(2, 0));
        Assert.Equal(0f, model.Similarity(1, 2));
        Assert.Equal(0f, scores[0]);
        Assert.Equal((2 / Math.Sqrt(6)) + (1 / Math.Sqrt(3)), scores[1], 3);
        Assert.Equal(0f, scores[2]);
    }

    [Fact]
    public void Ease_matches_the_two_item_closed_form()
    {
        // With G = XᵀX = [[a, c], [c, b]], B₀₁ = c / (a + λ) and B₁₀ = c / (b + λ).
        var likes = TestData.Likes("u1:x y", "u2:x y", "u3:x", "u4:y", "u5:x");
        const double lambda = 2;
        var model = (EaseModel)new EaseTrainer(new Dictionary<string, double> { ["regularization"] = lambda }).Train(likes);

        // Kept at half precision, as artifacts store them.
        Assert.Equal((float)(Half)(2 / (4 + lambda)), model.Weight(0, 1));
        Assert.Equal((float)(Half)(2 / (3 + lambda)), model.Weight(1, 0));
        Assert.Equal(0f, model.Weight(0, 0));
    }

    [Fact]
    public void Ease_keeps_only_each_items_weights_of_largest_magnitude()
    {
        var likes = TestData.Synthetic(users: 120, items: 60, likesPerUser: 8, seed: 3);
        Dictionary<string, double> parameters = new() { ["regularization"] = 5 };
        var all = (EaseModel)new EaseTrainer(parameters).Train(likes);
        var pruned = (EaseModel)new EaseTrainer(new Dictionary<string, double>(parameters) { ["neighbours"] = 10 }).Train(likes);
        var negativeKept = 0;

        for (var item = 0; item < likes.ItemCount; item++)
        {
            float[] weights = [.. Enumerable.Range(0, likes.ItemCount).Where(other => other != item).Select(other => all.Weight(item, other))];
            var strongest = weights.Select(MathF.Abs).Order().TakeLast(10).ToArray();
            float[] kept = [.. Enumerable.Range(0, likes.ItemCount).Where(other => other != item && pruned.Weight(item, other) != 0).Select(other => pruned.Weight(item, other))];
            Assert.Equal(strongest, kept.Select(MathF.Abs).Order());
            negativeKept += kept.Count(weight => weight < 0);
        }

        // "Fans of this rarely like that" is kept too: strength is the magnitude, not the value.
        Assert.True(negativeKept > 0);
    }

    [Fact]
    public void Ease_weights_match_a_double_precision_reference()
    {
        // 70 items: several groups of the rows gathered from the inverse's lower triangle, one of them partial.
        var likes = TestData.Synthetic(users: 200, items: 70, likesPerUser: 9, seed: 5);
        const double lambda = 5;
        var n = likes.ItemCount;
        var model = (EaseModel)new EaseTrainer(new Dictionary<string, double> { ["regularization"] = lambda, ["neighbours"] = n }).Train(likes);

        var inverse = ReferenceInverse(GramWithRidge(likes, lambda), n);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var expected = i == j ? 0 : -inverse[(i * n) + j] / inverse[(j * n) + j];
                Assert.Equal(expected, model.Weight(i, j), (1e-3 * Math.Abs(expected)) + 1e-6);
            }
        }
    }

    [Fact]
    public void Ease_weights_do_not_depend_on_the_thread_count()
    {
        // 300 items: two full pivot blocks of the inverse and a partial third, and many row groups for the selection.
        var likes = TestData.Synthetic(users: 900, items: 300, likesPerUser: 12, seed: 11);
        EaseTrainer trainer = new(new Dictionary<string, double> { ["regularization"] = 5, ["neighbours"] = 40 });
        var one = (EaseModel)trainer.Train(likes, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        var four = (EaseModel)trainer.Train(likes, new ParallelOptions { MaxDegreeOfParallelism = 4 });

        for (var i = 0; i < likes.ItemCount; i++)
        {
            for (var j = 0; j < likes.ItemCount; j++)
            {
                Assert.Equal(one.Weight(i, j), four.Weight(i, j));
            }
        }
    }

    [Theory]
    [InlineData(200, 30)]
    [InlineData(200, 150)]
    [InlineData(9, 8)]
    public void Keeping_the_strongest_weights_matches_a_full_sort_with_ties_by_id(int n, int neighbours)
    {
        // Few distinct magnitudes (exact at half precision), so ties at the threshold decide part of every list:
        // 30 of 200 takes the sampled first threshold, 150 of 200 and 8 of 9 select among every weight.
        Random random = new(n + neighbours);
        float[] weights = [.. Enumerable.Range(0, n * n).Select(_ => (random.Next(13) - 6) * 0.25f)];

        var lists = EaseTrainer.KeepStrongest(weights, n, neighbours, new ParallelOptions());

        for (var i = 0; i < n; i++)
        {
            var row = i;
            var expected = Enumerable.Range(0, n).Where(j => j != row)
                .OrderByDescending(j => MathF.Abs(weights[(row * n) + j])).ThenBy(j => j).Take(neighbours).ToHashSet();
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(expected.Contains(j) ? weights[(i * n) + j] : 0f, lists.Weight(i, j));
            }
        }
    }

    [Fact]
    public void Keeping_the_strongest_weights_is_exact_when_the_sampled_threshold_lets_too_few_through()
    {
        // Every 8th weight (the sampled ones) is large and the rest small, so the first threshold passes fewer than
        // the 30 wanted and the selection falls back to every weight.
        const int n = 200;
        float[] weights = [.. Enumerable.Range(0, n * n).Select(cell => cell % 8 == 0 ? 64 + (cell % n / 8) : (cell % 7) * 0.5f)];

        var lists = EaseTrainer.KeepStrongest(weights, n, 30, new ParallelOptions());

        for (var i = 0; i < n; i++)
        {
            var row = i;
            var expected = Enumerable.Range(0, n).Where(j => j != row)
                .OrderByDescending(j => MathF.Abs(weights[(row * n) + j])).ThenBy(j => j).Take(30).ToHashSet();
            Assert.Equal(expected.Order(), Enumerable.Range(0, n).Where(j => lists.Weight(i, j) != 0).Order());
        }
    }

    private static double[] GramWithRidge(InteractionMatrix likes, double lambda)
    {
        var n = likes.ItemCount;
        var gram = new double[n * n];
        for (var user = 0; user < likes.UserCount; user++)
        {
            foreach (var i in likes.ItemsLikedBy(user))
            {
                foreach (var j in likes.ItemsLikedBy(user))
                {
                    gram[(i * n) + j] += 1;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            gram[(i * n) + i] += lambda;
        }

        return gram;
    }

    /// <summary>Gauss–Jordan elimination on [A | I], in double, without pivoting (A is SPD).</summary>
    private static double[] ReferenceInverse(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        var inverse = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            inverse[(i * n) + i] = 1;
        }

        for (var k = 0; k < n; k++)
        {
            var pivot = a[(k * n) + k];
            for (var c = 0; c < n; c++)
            {
                a[(k * n) + c] /= pivot;
                inverse[(k * n) + c] /= pivot;
            }

            for (var r = 0; r < n; r++)
            {
                var factor = a[(r * n) + k];
                if (r == k || factor == 0)
                {
                    continue;
                }

                for (var c = 0; c < n; c++)
                {
                    a[(r * n) + c] -= factor * a[(k * n) + c];
                    inverse[(r * n) + c] -= factor * inverse[(k * n) + c];
                }
            }
        }

        return inverse;
    }

    [Fact]
    public void Ease_refuses_a_catalog_above_its_limit_and_says_why()
    {
        EaseTrainer trainer = new(new Dictionary<string, double> { ["max-items"] = 3 });

        var error = Assert.Throws<ModelTrainingException>(() => trainer.Train(TestData.TwoClusters()));

        Assert.Contains("EASE refuses 9 items", error.Message, StringComparison.Ordinal);
        Assert.Contains("max-items", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(50)]
    public void Implicit_als_fold_in_scores_and_explanations_match_the_direct_solve(int likedCount)
    {
        // 32 factors: up to 31 likes take the n × n (Woodbury) route, from 32 on the k × k one. The reference is the
        // paper's system in the original coordinates, (YᵀY + λI + α·Σ yᵢyᵢᵀ)·x = (1+α)·Σ yᵢ, and its explanation
        // (§5): score(j) = Σᵢ (1+α)·yⱼᵀ W yᵢ with W the inverse of that system, the largest term named.
        const int k = 32;
        var likes = TestData.Synthetic(users: 300, items: 120, likesPerUser: 12, seed: 3);
        var model = (ImplicitAlsModel)new ImplicitAlsTrainer(new Dictionary<string, double> { ["factors"] = k, ["iterations"] = 5 }).Train(likes);
        double[] factors = [.. model.ItemFactors.ToArray().Select(value => (double)value)];
        Random random = new(likedCount);
        int[] liked = [.. Enumerable.Range(0, likes.ItemCount).OrderBy(_ => random.Next()).Take(likedCount)];
        var system = new double[k * k];
        var rightHandSide = new double[k];
        for (var a = 0; a < k; a++)
        {
            system[(a * k) + a] = model.Regularization;
            for (var b = 0; b < k; b++)
            {
                for (var item = 0; item < likes.ItemCount; item++)
                {
                    var weight = liked.Contains(item) ? 1 + model.Alpha : 1;
                    system[(a * k) + b] += weight * factors[(item * k) + a] * factors[(item * k) + b];
                }
            }
        }

        foreach (var item in liked)
        {
            for (var a = 0; a < k; a++)
            {
                rightHandSide[a] += (1 + model.Alpha) * factors[(item * k) + a];
            }
        }

        Cholesky.FactorInPlace(system, k);
        Cholesky.SolveInPlace(system, k, rightHandSide);
        double Score(int item) => Enumerable.Range(0, k).Sum(f => factors[(item * k) + f] * rightHandSide[f]);
        var scale = Enumerable.Range(0, likes.ItemCount).Max(item => Math.Abs(Score(item)));

        var user = model.FoldIn(liked);
        var scores = new float[likes.ItemCount];
        model.ScoreItems(liked, scores);
        // Without a like the answer is the popularity order, which explains nothing.
        var answer = likedCount == 0 ? [] : model.Recommend(new RecommendationQuery([.. liked.Select(i => likes.Items[i])], 10));

        var userScale = rightHandSide.Max(Math.Abs);
        for (var f = 0; f < k; f++)
        {
            Assert.Equal(rightHandSide[f], user[f], 1e-5 * Math.Max(userScale, 1e-6));
        }

        for (var item = 0; item < likes.ItemCount; item++)
        {
            Assert.Equal(Score(item), scores[item], 1e-5 * Math.Max(scale, 1e-6));
        }

        foreach (var suggestion in answer)
        {
            Assert.True(likes.Items.TryGetDenseId(suggestion.ItemId, out var candidate));
            var weighted = factors.AsSpan(candidate * k, k).ToArray();
            Cholesky.SolveInPlace(system, k, weighted);
            double[] terms = [.. liked.Select(item => (1 + model.Alpha) * Enumerable.Range(0, k).Sum(f => weighted[f] * factors[(item * k) + f]))];
            Assert.Equal(terms.Sum(), suggestion.Score, 1e-5 * scale);
            Assert.True(likes.Items.TryGetDenseId(suggestion.BecauseOf!, out var named));
            Assert.Equal(terms.Max(), terms[Array.IndexOf(liked, named)], 1e-5 * scale);
        }
    }

    [Fact]
    public void Implicit_als_is_deterministic_for_a_fixed_seed()
    {
        var likes = TestData.Synthetic(users: 300, items: 120, likesPerUser: 12, seed: 1);
        Dictionary<string, double> parameters = new() { ["factors"] = 16, ["iterations"] = 5, ["seed"] = 7 };

        var first = new ImplicitAlsTrainer(parameters).TrainFactors(likes, new ParallelOptions()).ItemFactors;
        var second = new ImplicitAlsTrainer(parameters).TrainFactors(likes, new ParallelOptions()).ItemFactors;
        var otherSeed = new ImplicitAlsTrainer(new Dictionary<string, double>(parameters) { ["seed"] = 8 }).TrainFactors(likes, new ParallelOptions()).ItemFactors;

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    public void Implicit_als_factors_do_not_depend_on_the_thread_count(int factors)
    {
        // 64 factors take the 512-bit row kernels where the processor has them; 16 the portable ones.
        var likes = TestData.Synthetic(users: 400, items: 150, likesPerUser: 12, seed: 9);
        Dictionary<string, double> parameters = new() { ["factors"] = factors, ["iterations"] = 4 };

        (var users, var items) = new ImplicitAlsTrainer(parameters).TrainFactors(likes, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        (var parallelUsers, var parallelItems) = new ImplicitAlsTrainer(parameters).TrainFactors(likes, new ParallelOptions { MaxDegreeOfParallelism = 4 });

        Assert.Equal(users, parallelUsers);
        Assert.Equal(items, parallelItems);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(20)]
    public void Implicit_als_rows_are_solved_as_a_double_precision_conjugate_gradient_would(int k)
    {
        // One sweep, 3 CG steps per row from the seeded start, against the same algorithm written plainly in double.
        // 64 factors take the 512-bit row kernels where the processor has them (rows of 8 in lock step, the observed
        // factors gathered and taken 32 at a time: 300 users make items with more than 32 likers); 20 the portable ones.
        var likes = TestData.Synthetic(users: 300, items: 40, likesPerUser: 10, seed: 4);
        Dictionary<string, double> parameters = new() { ["factors"] = k, ["iterations"] = 1, ["cg-steps"] = 3, ["alpha"] = 10, ["regularization"] = 5, ["seed"] = 7 };
        (var users, var items) = new ImplicitAlsTrainer(parameters).TrainFactors(likes, new ParallelOptions());

        Random random = new(7);
        var expectedUsers = SeededFactors(random, likes.UserCount * k);
        var expectedItems = SeededFactors(random, likes.ItemCount * k);
        var byItem = Enumerable.Range(0, likes.ItemCount).Select(i => likes.UsersWhoLike(i).ToArray()).ToArray();
        var byUser = Enumerable.Range(0, likes.UserCount).Select(u => likes.ItemsLikedBy(u).ToArray()).ToArray();
        ReferenceSweep(expectedItems, byItem, expectedUsers, k);
        ReferenceSweep(expectedUsers, byUser, expectedItems, k);

        var scale = expectedUsers.Concat(expectedItems).Max(Math.Abs);
        for (var cell = 0; cell < items.Length; cell++)
        {
            Assert.Equal(expectedItems[cell], items[cell], 1e-4 * scale);
        }

        for (var cell = 0; cell < users.Length; cell++)
        {
            Assert.Equal(expectedUsers[cell], users[cell], 1e-4 * scale);
        }
    }

    /// <summary>The trainer's documented start: normal deviates (σ 0.01) by Box–Muller, users then items, from the seed.</summary>
    private static double[] SeededFactors(Random random, int length)
    {
        var factors = new double[length];
        for (var i = 0; i < length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            factors[i] = (float)(0.01 * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }

        return factors;
    }

    private static void ReferenceSweep(double[] solved, int[][] observed, double[] fixedFactors, int k)
    {
        const double alpha = 10, lambda = 5;
        var fixedCount = fixedFactors.Length / k;
        var gram = new double[k * k];
        for (var row = 0; row < fixedCount; row++)
        {
            for (var a = 0; a < k; a++)
            {
                for (var b = 0; b < k; b++)
                {
                    gram[(a * k) + b] += fixedFactors[(row * k) + a] * fixedFactors[(row * k) + b];
                }
            }
        }

        var previous = (double[])solved.Clone();
        for (var row = 0; row < observed.Length; row++)
        {
            double[] Apply(double[] v)
            {
                var result = new double[k];
                for (var a = 0; a < k; a++)
                {
                    result[a] = lambda * v[a];
                    for (var b = 0; b < k; b++)
                    {
                        result[a] += gram[(a * k) + b] * v[b];
                    }
                }

                foreach (var index in observed[row])
                {
                    var dot = Enumerable.Range(0, k).Sum(f => fixedFactors[(index * k) + f] * v[f]);
                    for (var f = 0; f < k; f++)
                    {
                        result[f] += alpha * dot * fixedFactors[(index * k) + f];
                    }
                }

                return result;
            }

            var x = previous.AsSpan(row * k, k).ToArray();
            var product = Apply(x);
            var residual = new double[k];
            foreach (var index in observed[row])
            {
                for (var f = 0; f < k; f++)
                {
                    residual[f] += (1 + alpha) * fixedFactors[(index * k) + f];
                }
            }

            for (var f = 0; f < k; f++)
            {
                residual[f] -= product[f];
            }

            var direction = (double[])residual.Clone();
            var norm = residual.Sum(value => value * value);
            for (var step = 0; step < 3 && norm > 1e-20; step++)
            {
                product = Apply(direction);
                var size = norm / Enumerable.Range(0, k).Sum(f => direction[f] * product[f]);
                for (var f = 0; f < k; f++)
                {
                    x[f] += size * direction[f];
                    residual[f] -= size * product[f];
                }

                var next = residual.Sum(value => value * value);
                for (var f = 0; f < k; f++)
                {
                    direction[f] = residual[f] + (next / norm * direction[f]);
                }

                norm = next;
            }

            x.CopyTo(solved, row * k);
        }
    }

    [Fact]
    public void Implicit_als_fold_in_of_a_training_user_recovers_its_trained_factors()
    {
        var likes = TestData.Synthetic(users: 200, items: 80, likesPerUser: 10, seed: 2);
        ImplicitAlsTrainer trainer = new(new Dictionary<string, double> { ["factors"] = 8, ["iterations"] = 20, ["cg-steps"] = 8, ["regularization"] = 1, ["alpha"] = 5 });
        (var users, var items) = trainer.TrainFactors(likes, new ParallelOptions());
        ImplicitAlsModel model = new(likes.Items, likes.ItemLikeCounts(), trainer.Parameters, items);

        for (var user = 0; user < 20; user++)
        {
            var folded = model.FoldIn(likes.ItemsLikedBy(user));
            for (var f = 0; f < 8; f++)
            {
                Assert.Equal(users[(user * 8) + f], folded[f], 3);
            }
        }
    }

    [Fact]
    public void Trainer_rejects_unknown_parameters_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelTrainers.Create("ials", new Dictionary<string, double> { ["lambda"] = 1 }));

        Assert.Contains("lambda", error.Message, StringComparison.Ordinal);
        Assert.Contains("regularization", error.Message, StringComparison.Ordinal);
    }
}
