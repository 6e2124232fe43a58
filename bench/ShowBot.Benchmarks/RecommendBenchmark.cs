using System.Diagnostics;

using ShowBot.Core.Catalog;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Recommendations;
using ShowBot.Recommender;
using ShowBot.Recommender.Content;
using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

using static ShowBot.Benchmarks.Measure;

namespace ShowBot.Benchmarks;

/// <summary>
/// Per-request latency of the content models a new install serves: the knowledge model for one, two and five
/// shows given and for requests in words, against the genre baseline in the same run; on the built-in catalog and
/// with the IMDb catalog imported over it; and, on the built-in catalog, the hybrid a trained EASE model serves in (the
/// load benchmark's generated ratings, 5 suggestions as /recommend gives by default). Also the time and memory to build
/// each model.
/// </summary>
internal static class RecommendBenchmark
{
    private const int Seed = 20261205;

    private static readonly string[] Phrases =
    [
        "a cozy British murder mystery", "something like Severance but funnier", "90s sitcoms", "best crime dramas",
        "Korean thrillers", "mind-bending sci-fi from HBO", "anime like Attack on Titan", "dark comedy about a workplace",
    ];

    public static int Run(string[] args)
    {
        var warmupRounds = Number(args, "--warmup-rounds", 5);
        var path = FirstPositional(args) ?? DefaultCatalogPath();
        var settings = new List<(string Name, ShowCatalog Catalog)> { ("built-in", new ShowCatalog(CatalogCsv.BuiltIn())) };
        if (File.Exists(path))
        {
            settings.Add(("imported", SimilarShowsEvaluation.WithImport(LoadCatalog(path))));
        }
        else
        {
            Console.Error.WriteLine($"catalog not found: {path}; measuring the built-in catalog only");
        }

        foreach (var (name, catalog) in settings)
        {
            Console.WriteLine($"catalog {name}: {catalog.Shows.Count:N0} shows, knowledge for {ShowKnowledge.BuiltIn.Facts.Count:N0}");
            var (knowledge, knowledgeBuild, knowledgeBytes) = Build(() => ShowContent.Knowledge(catalog, ShowKnowledge.BuiltIn));
            var (genres, genresBuild, genresBytes) = Build(() => ShowContent.Genres(catalog));
            Console.WriteLine($"build   knowledge {knowledgeBuild.TotalMilliseconds:N0} ms, {knowledgeBytes / 1024.0 / 1024.0:N1} MB retained; genres {genresBuild.TotalMilliseconds:N0} ms, {genresBytes / 1024.0 / 1024.0:N1} MB retained; process working set {Environment.WorkingSet / 1024.0 / 1024.0:N0} MB");

            var random = new Random(Seed);
            var known = ShowKnowledge.BuiltIn.Facts.Select(f => f.Id).Where(id => catalog.Find(id) is not null).ToArray();
            List<string[]> Seeds(int size) => [.. Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, size).Select(_ => known[random.Next(known.Length)]).Distinct().ToArray())];
            var (one, two, five) = (Seeds(1), Seeds(2), Seeds(5));
            var interpreter = new RequestInterpreter(catalog, ShowKnowledge.BuiltIn);

            IReadOnlyList<Recommendation> Ask(IRecommendationModel model, string[] liked) =>
                model.Recommend(new RecommendationQuery(liked, 10) { Include = id => catalog.Find(id) is not null });

            object InWords(string phrase)
            {
                var words = interpreter.Interpret(phrase);
                return knowledge.Recommend(new ContentQuery(words.References.Select(r => r.Id).ToList(), 10)
                {
                    Wanted = words.Wanted.Select(ShowRecommender.ParseWanted).ToList(),
                    Include = id => catalog.Find(id) is not null,
                });
            }

            // Warm enough for the JIT's tiered, profile-guided code, as in a bot that has been up a while.
            foreach (var liked in Enumerable.Range(0, warmupRounds).SelectMany(_ => one))
            {
                _ = Ask(knowledge, liked);
                _ = Ask(genres, liked);
            }

            var rows = new List<(string Name, double[] Micros)>
            {
                ("knowledge, 1 show", [.. one.Select(l => Time(() => Ask(knowledge, l)))]),
                ("knowledge, 2 shows", [.. two.Select(l => Time(() => Ask(knowledge, l)))]),
                ("knowledge, 5 shows", [.. five.Select(l => Time(() => Ask(knowledge, l)))]),
                ("knowledge, in words", [.. Enumerable.Range(0, 40).SelectMany(_ => Phrases).Select(p => Time(() => InWords(p)))]),
                ("genres baseline, 1 show", [.. one.Select(l => Time(() => Ask(genres, l)))]),
            };
            if (name == "built-in")
            {
                var likes = InteractionMatrix.FromLikes(LoadWorkload.Ratings(8000).Where(r => r.Rating >= 8).Select(r => (r.User, r.Show)));
                var hybrid = new HybridModel(ModelTrainers.Create("ease").Train(likes, new ParallelOptions()), knowledge);
                IReadOnlyList<Recommendation> AskHybrid(string[] liked) =>
                    hybrid.Recommend(new RecommendationQuery(liked, 5) { Include = id => catalog.Find(id) is not null });
                foreach (var liked in Enumerable.Range(0, warmupRounds).SelectMany(_ => one.Concat(two)))
                {
                    _ = AskHybrid(liked);
                }

                rows.Add(("EASE hybrid, 1 show", [.. one.Select(l => Time(() => AskHybrid(l)))]));
                rows.Add(("EASE hybrid, 2 shows", [.. two.Select(l => Time(() => AskHybrid(l)))]));
            }

            PrintTable(rows);
            Console.WriteLine($"knowledge/genres p50 ratio (1 show): {Percentile(rows[0].Micros, 0.5) / Percentile(rows[4].Micros, 0.5):N2}x");
            Console.WriteLine();
        }

        return 0;
    }

    private static (T Model, TimeSpan Time, long Retained) Build<T>(Func<T> build)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        var model = build();
        stopwatch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return (model, stopwatch.Elapsed, after - before);
    }
}
