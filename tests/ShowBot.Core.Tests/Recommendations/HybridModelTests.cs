using ShowBot.Core.Catalog;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Recommendations;
using ShowBot.Recommender;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

namespace ShowBot.Core.Tests.Recommendations;

public class HybridModelTests
{
    private const string Severance = "tt11280740", Bluey = "tt7678620", Simpsons = "tt0096697", PlanetEarth = "tt0795176";
    private static readonly ShowCatalog Catalog = new(CatalogCsv.BuiltIn());
    private static readonly Recommender.Content.KnowledgeModel Content = ShowContent.Knowledge(Catalog, ShowKnowledge.BuiltIn);

    /// <summary>People who each like Severance once and otherwise a family's viewing: what a small server's first model learns.</summary>
    private static FoldInModel TrainedOn(int people)
    {
        var likes = Enumerable.Range(0, people)
            .SelectMany(p => new[] { Severance, Bluey, Simpsons, PlanetEarth }.Select(show => ($"u{p}", show)))
            .Concat(Enumerable.Range(0, people).Select(p => ($"other{p}", Catalog.Shows[100 + (p % 50)].Id)));
        return ModelTrainers.Create("item-knn").Train(InteractionMatrix.FromLikes(likes));
    }

    [Fact]
    public void A_model_trained_on_a_handful_of_likes_does_not_override_the_knowledge_model()
    {
        var trained = TrainedOn(people: 4);
        var query = new RecommendationQuery([Severance], 5);

        var alone = trained.Recommend(query).Select(r => r.ItemId).ToList();
        var served = new HybridModel(trained, Content).Recommend(query).Select(r => r.ItemId).ToList();

        Assert.Contains(Bluey, alone);
        Assert.DoesNotContain(Bluey, served);
        Assert.DoesNotContain(Simpsons, served);
        Assert.DoesNotContain(PlanetEarth, served);
        Assert.Equal(Content.Recommend(query).Select(r => r.ItemId).Take(3), served.Take(3));
    }

    [Fact]
    public void With_hundreds_of_people_behind_it_the_trained_model_leads()
    {
        var trained = TrainedOn(people: 400);

        var served = new HybridModel(trained, Content).Recommend(new RecommendationQuery([Severance], 5)).Select(r => r.ItemId).ToList();

        Assert.True(served.Take(3).Count(new[] { Bluey, Simpsons, PlanetEarth }.Contains) >= 2, string.Join(", ", served));
    }

    [Fact]
    public void Shows_nobody_rated_are_answered_by_the_knowledge_model_alone()
    {
        var trained = TrainedOn(people: 400);
        var query = new RecommendationQuery(["tt0903747"], 5);

        var served = new HybridModel(trained, Content).Recommend(query);

        Assert.Equal(Content.Recommend(query).Select(r => r.ItemId), served.Select(r => r.ItemId));
        Assert.Contains(served, r => r.Evidence is { Count: > 0 });
    }

    [Fact]
    public void A_suggestion_the_knowledge_model_carries_names_the_facts_it_names()
    {
        var query = new RecommendationQuery([Severance], 5);
        var byKnowledge = Content.Recommend(query).ToDictionary(r => r.ItemId);

        var served = new HybridModel(TrainedOn(people: 4), Content).Recommend(query);

        Assert.All(served.Take(3), r =>
        {
            Assert.Equal(Severance, r.BecauseOf);
            Assert.NotEmpty(r.Evidence!);
            Assert.Equal(byKnowledge[r.ItemId].Evidence!, r.Evidence!);
        });
    }
}

