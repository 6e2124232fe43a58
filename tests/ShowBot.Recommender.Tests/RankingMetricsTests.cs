using ShowBot.Recommender.Evaluation;

namespace ShowBot.Recommender.Tests;

public class RankingMetricsTests
{
    private static readonly HashSet<int> HeldOut = [3, 7, 9];

    [Fact]
    public void Recall_divides_by_the_smaller_of_k_and_the_held_out_count()
    {
        int[] ranked = [3, 1, 7, 2, 5, 9];

        Assert.Equal(1.0 / 2, RankingMetrics.Recall(ranked, HeldOut, 2));
        Assert.Equal(2.0 / 3, RankingMetrics.Recall(ranked, HeldOut, 5));
        Assert.Equal(1.0, RankingMetrics.Recall(ranked, HeldOut, 20));
    }

    [Fact]
    public void Ndcg_discounts_by_log2_of_rank_plus_one_and_normalises_by_the_ideal()
    {
        // Hits at ranks 1 and 3: DCG = 1 + 1/log2(4) = 1.5. Ideal for 3 held out: 1 + 1/log2(3) + 1/2.
        int[] ranked = [3, 1, 7, 2];

        var expected = 1.5 / (1 + (1 / Math.Log2(3)) + 0.5);
        Assert.Equal(expected, RankingMetrics.Ndcg(ranked, HeldOut, 100), 12);
        Assert.Equal(1.0, RankingMetrics.Ndcg([9, 7, 3], HeldOut, 100), 12);
        Assert.Equal(1.0, RankingMetrics.Ndcg([9, 1, 2], HeldOut, 1), 12);
        Assert.Equal(0.0, RankingMetrics.Ndcg([1, 2, 4], HeldOut, 100));
    }

    [Fact]
    public void Hit_share_is_hits_over_n_even_when_fewer_are_ranked()
    {
        Assert.Equal(0.2, RankingMetrics.HitShare([3, 1, 7, 2, 5, 9, 0, 4, 6, 8], HeldOut, 10) - 0.1, 12);
        Assert.Equal(0.1, RankingMetrics.HitShare([9], HeldOut, 10), 12);
    }
}
