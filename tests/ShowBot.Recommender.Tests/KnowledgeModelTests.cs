using ShowBot.Recommender.Content;

namespace ShowBot.Recommender.Tests;

public class KnowledgeModelTests
{
    private static ContentFeature Tag(string value) => new("tag", value);

    private static ContentFeature Fact(string kind, string value) => new(kind, value);

    private static ContentItem Item(string id, int year, params ContentFeature[] features) => new(id, features, Popularity: 1000) { Year = year };

    /// <summary>An item with the same facts as every other look-alike, to differ from them in one thing.</summary>
    private static ContentItem LookAlike(string id) => Item(id, 2010, Tag("drugs"), Tag("anti-hero"));

    /// <summary>A small world: a crime drama, its spin-off, look-alikes sharing a rare or a common fact, and two sitcoms.</summary>
    private static readonly ContentItem[] World =
    [
        Item("bb", 2008, Tag("drugs"), Tag("anti-hero"), Fact("creator", "Vince Gilligan"), Fact("genre", "Drama")),
        Item("bcs", 2015, Tag("legal"), Tag("anti-hero"), Fact("creator", "Vince Gilligan"), Fact("genre", "Drama")),
        Item("ozark", 2017, Tag("drugs"), Tag("anti-hero"), Fact("genre", "Drama")),
        Item("drama1", 2008, Fact("genre", "Drama")),
        Item("drama2", 2009, Fact("genre", "Drama")),
        Item("drama3", 2010, Fact("genre", "Drama")),
        Item("office", 2005, Tag("workplace"), Tag("mockumentary"), Fact("format", "sitcom"), Fact("genre", "Comedy")),
        Item("parks", 2009, Tag("workplace"), Tag("mockumentary"), Fact("format", "sitcom"), Fact("genre", "Comedy")),
        Item("friends", 1994, Tag("friendship"), Fact("format", "sitcom"), Fact("genre", "Comedy")),
    ];

    private static readonly KnowledgeModel Model = new(World, [new ContentLink("bcs", "bb", "spin-off-of")]);

    private static List<string> Ids(IReadOnlyList<Recommendation> answer) => answer.Select(r => r.ItemId).ToList();

    [Fact]
    public void A_spin_off_by_the_same_creator_comes_first_and_the_evidence_says_so()
    {
        var answer = Model.Recommend(new RecommendationQuery(["bb"], 3));

        Assert.Equal("bcs", answer[0].ItemId);
        Assert.Equal("bb", answer[0].BecauseOf);
        Assert.Equal(new ContentFeature("link", "spin-off-of"), answer[0].Evidence![0]);
        Assert.Contains(new ContentFeature("creator", "Vince Gilligan"), answer[0].Evidence!);
    }

    [Fact]
    public void Rare_shared_facts_count_more_than_a_genre_everyone_has()
    {
        var answer = Ids(Model.Recommend(new RecommendationQuery(["bb"], 3)));

        Assert.Equal(["bcs", "ozark"], answer.Take(2));
        Assert.DoesNotContain("office", answer);
    }

    [Fact]
    public void A_look_alike_far_better_known_than_the_liked_show_ranks_below_one_known_about_as_well()
    {
        ContentItem[] world =
        [
            LookAlike("niche") with { Popularity = 2_000 },
            LookAlike("hit") with { Popularity = 200_000 },
            LookAlike("peer") with { Popularity = 3_000 },
        ];
        var query = new RecommendationQuery(["niche"], 2);

        Assert.Equal(["peer", "hit"], Ids(new KnowledgeModel(world).Recommend(query)));
        Assert.Equal(["hit", "peer"], Ids(new KnowledgeModel(world, weights: new ContentWeights { Novelty = 0 }).Recommend(query)));
    }

    [Fact]
    public void A_look_alike_that_ran_about_as_long_ranks_above_one_that_ran_far_longer()
    {
        ContentItem[] world =
        [
            LookAlike("cancelled") with { RunYears = 1 },
            LookAlike("ten-seasons") with { RunYears = 10 },
            LookAlike("two-seasons") with { RunYears = 2 },
        ];
        var query = new RecommendationQuery(["cancelled"], 2);

        Assert.Equal(["two-seasons", "ten-seasons"], Ids(new KnowledgeModel(world).Recommend(query)));
        Assert.Equal(["ten-seasons", "two-seasons"], Ids(new KnowledgeModel(world, weights: new ContentWeights { RunLength = 0 }).Recommend(query)));
    }

    [Fact]
    public void A_look_alike_rated_far_apart_from_the_liked_show_either_way_ranks_below_one_rated_close_to_it()
    {
        ContentItem[] world =
        [
            LookAlike("liked") with { Quality = 7.5 },
            LookAlike("acclaimed") with { Quality = 9.3 },
            LookAlike("panned") with { Quality = 5.4 },
            LookAlike("peer") with { Quality = 7.9 },
        ];
        var query = new RecommendationQuery(["liked"], 3);

        Assert.Equal("peer", new KnowledgeModel(world).Recommend(query)[0].ItemId);
        Assert.Equal("acclaimed", new KnowledgeModel(world, weights: new ContentWeights { RatingDistance = 0 }).Recommend(query)[0].ItemId);
    }

    [Fact]
    public void A_list_of_any_length_is_the_head_of_the_whole_ranking_ties_going_by_id()
    {
        // 1,003 shows with two of six tags each and one of three years: most scores are tied with many others.
        var random = new Random(42);
        string[] tags = ["heist", "crime", "family", "space", "comedy", "period"];
        var world = Enumerable.Range(0, 1003)
            .Select(i => Item($"show-{i * 7919 % 1003:D4}", 2000 + random.Next(3), [.. tags.OrderBy(_ => random.Next()).Take(2).Select(Tag)]))
            .ToArray();
        var model = new KnowledgeModel(world);

        foreach (var liked in world.Where((_, i) => i % 25 == 0).Select(w => w.Id))
        {
            var whole = Ids(model.Recommend(new RecommendationQuery([liked], world.Length)));
            foreach (var count in new[] { 1, 5, 10, 30, 100 })
            {
                Assert.Equal(whole.Take(count), Ids(model.Recommend(new RecommendationQuery([liked], count))));
            }
        }
    }

    [Fact]
    public void Two_facts_that_many_shows_have_together_outweigh_one_rare_fact()
    {
        // 40 shows: "heist" is on 2 of them, "crime" and "family" on 6 each.
        ContentItem[] world =
        [
            Item("liked", 2010, Tag("heist"), Tag("crime"), Tag("family")),
            Item("rare", 2010, Tag("heist")),
            Item("common", 2010, Tag("crime"), Tag("family")),
            .. Enumerable.Range(0, 4).Select(i => Item($"crime-family-{i}", 2010, Tag("crime"), Tag("family"), Tag($"own-{i}"))),
            .. Enumerable.Range(0, 33).Select(i => Item($"other-{i}", 2010, Tag($"other-{i}"))),
        ];
        var query = new RecommendationQuery(["liked"], 2);

        Assert.Equal(["common", "rare"], Ids(new KnowledgeModel(world).Recommend(query)));
        Assert.Equal(["rare", "common"], Ids(new KnowledgeModel(world, weights: new ContentWeights { IdfPower = 1 }).Recommend(query)));
    }

    [Fact]
    public void A_show_by_the_same_creator_loses_nothing_for_having_run_shorter()
    {
        ContentItem[] world =
        [
            new("dark", [Tag("mind-bending"), Fact("creator", "Baran bo Odar")], Popularity: 1_000) { Year = 2017, RunYears = 4 },
            new("1899", [Tag("mind-bending"), Fact("creator", "Baran bo Odar")], Popularity: 1_000) { Year = 2022, RunYears = 1 },
        ];
        var query = new RecommendationQuery(["dark"], 1);

        var spared = Assert.Single(new KnowledgeModel(world).Recommend(query));
        var unweighed = Assert.Single(new KnowledgeModel(world, weights: new ContentWeights { RunLength = 0 }).Recommend(query));
        var weighed = Assert.Single(new KnowledgeModel(world, weights: new ContentWeights { RunLengthSparedBy = [] }).Recommend(query));

        Assert.Equal(unweighed.Score, spared.Score, 5);
        Assert.True(weighed.Score < spared.Score - 0.05, $"{weighed.Score} against {spared.Score}");
    }

    [Fact]
    public void A_person_in_both_casts_lifts_a_candidate_as_alike_as_another_and_the_evidence_names_them()
    {
        ContentItem[] world =
        [
            Item("liked", 2008, Tag("drugs"), Tag("anti-hero"), Fact("cast", "Bryan Cranston")),
            Item("alike", 2008, Tag("drugs"), Tag("anti-hero"), Fact("cast", "Someone Else")),
            Item("costar", 2008, Tag("drugs"), Tag("anti-hero"), Fact("cast", "Bryan Cranston")),
        ];
        var query = new RecommendationQuery(["liked"], 2);

        var answer = new KnowledgeModel(world).Recommend(query);

        Assert.Equal(["costar", "alike"], Ids(answer));
        Assert.Contains(new ContentFeature("cast", "Bryan Cranston"), answer[0].Evidence!);
        Assert.Equal(["alike", "costar"], Ids(new KnowledgeModel(world, weights: new ContentWeights { SharedBonus = new Dictionary<string, float>() }).Recommend(query)));
    }

    [Fact]
    public void A_liked_item_with_a_requirement_brings_items_meeting_it_before_closer_ones_that_do_not()
    {
        ContentItem[] world =
        [
            new("bluey", [Fact("audience", "kids"), Tag("family"), Tag("australia")], Popularity: 1_000) { Year = 2018 },
            new("please-like-me", [Tag("family"), Tag("australia")], Popularity: 1_000) { Year = 2013 },
            new("peppa", [Fact("audience", "kids"), Tag("animals")], Popularity: 1_000) { Year = 2004 },
            new("full-house", [Fact("audience", "family-friendly"), Tag("family")], Popularity: 1_000) { Year = 1987 },
        ];
        var forChildren = new ContentWeights { Requirements = [(Fact("audience", "kids"), [Fact("audience", "kids"), Fact("audience", "family-friendly")], null)] };
        var query = new RecommendationQuery(["bluey"], 3);

        Assert.Equal("please-like-me", new KnowledgeModel(world).Recommend(query)[0].ItemId);
        Assert.Equal("please-like-me", Ids(new KnowledgeModel(world, weights: forChildren).Recommend(query))[^1]);
    }

    [Fact]
    public void Each_liked_item_gets_its_share_of_the_list()
    {
        var answer = Model.Recommend(new RecommendationQuery(["bb", "office"], 4));

        Assert.Equal(2, answer.Count(r => r.BecauseOf == "bb"));
        Assert.Equal(2, answer.Count(r => r.BecauseOf == "office"));
        Assert.Contains("parks", Ids(answer));
    }

    [Fact]
    public void Liked_disliked_and_filtered_items_are_never_returned()
    {
        var answer = Ids(Model.Recommend(new RecommendationQuery(["bb"], 9) { Disliked = ["ozark"], Include = id => id != "bcs" }));

        Assert.DoesNotContain("bb", answer);
        Assert.DoesNotContain("ozark", answer);
        Assert.DoesNotContain("bcs", answer);
        Assert.Equal(6, answer.Count);
    }

    [Fact]
    public void Things_asked_in_words_rank_the_items_that_meet_all_of_them_first_each_met_by_any_of_its_features()
    {
        var query = new ContentQuery([], 3)
        {
            Wanted = [[new("format", "sitcom")], [Tag("workplace"), Tag("office-politics")]],
        };

        var answer = Model.Recommend(query);

        Assert.Equal(["office", "parks"], Ids(answer).Take(2).Order());
        Assert.Equal("friends", answer[2].ItemId);
        Assert.Null(answer[0].BecauseOf);
        Assert.Equal([new ContentFeature("format", "sitcom"), Tag("workplace")], answer[0].Evidence);
    }

    [Fact]
    public void With_nothing_liked_or_asked_the_best_known_items_come_first()
    {
        var model = new KnowledgeModel([Item("a", 2000) with { Popularity = 10 }, Item("b", 2000) with { Popularity = 1_000_000, Quality = 9 }]);

        Assert.Equal(["b", "a"], Ids(model.Recommend(new RecommendationQuery([], 2))));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Items_scored_alike_are_ranked_by_id_in_ordinal_order_whatever_the_catalog_order(int count)
    {
        var model = new KnowledgeModel(
            [Item("liked", 2000, Tag("heist")), .. new[] { "d2", "b", "D1", "a3" }.Select(id => Item(id, 2000, Tag("heist")))]);

        var answer = model.Recommend(new RecommendationQuery(["liked"], count));

        Assert.Equal(new[] { "D1", "a3", "b", "d2" }.Take(count), Ids(answer));
        Assert.Single(answer.Select(r => r.Score).Distinct());
    }
}
