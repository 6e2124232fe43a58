namespace ShowBot.Recommender.Content;

/// <summary>What the content model knows of an item: its tags (genres) and how popular it is (e.g. vote count).</summary>
public sealed record ItemProfile(string Id, IReadOnlyList<string> Tags, double Popularity);

/// <summary>
/// The honest baseline that needs no ratings: popularity blended with tag (genre) similarity.
/// A person's taste is the IDF-weighted sum of the tag vectors of what they like; an item scores
/// <c>similarityWeight · cosine(taste, item) + (1 − similarityWeight) · log-popularity</c>.
/// With no known likes it is plain popularity order.
/// </summary>
public sealed class ContentPopularityModel : IRecommendationModel
{
    private readonly string[] ids;
    private readonly Dictionary<string, int> indexOf;
    private readonly int[][] itemTags;
    private readonly float[][] itemTagWeights;
    private readonly float[] itemNorms;
    private readonly float[] popularity;
    private readonly int[] byPopularity;
    private readonly float similarityWeight;

    /// <param name="items">Every item that may be recommended.</param>
    /// <param name="similarityWeight">0..1: how much tag similarity counts against popularity.</param>
    public ContentPopularityModel(IEnumerable<ItemProfile> items, float similarityWeight = 0.7f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(similarityWeight, 0f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(similarityWeight, 1f);
        this.similarityWeight = similarityWeight;

        var profiles = items.DistinctBy(i => i.Id).ToArray();
        ids = profiles.Select(p => p.Id).ToArray();
        indexOf = ids.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);

        var tagIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        itemTags = profiles
            .Select(p => p.Tags.Select(t => TagIndex(tagIndex, t)).Distinct().ToArray())
            .ToArray();

        var documentFrequency = new int[tagIndex.Count];
        foreach (var tags in itemTags)
        {
            foreach (var tag in tags)
            {
                documentFrequency[tag]++;
            }
        }

        var idf = documentFrequency.Select(df => (float)Math.Log(1.0 + ((double)ids.Length / df))).ToArray();
        itemTagWeights = itemTags.Select(tags => tags.Select(t => idf[t]).ToArray()).ToArray();
        itemNorms = itemTagWeights.Select(w => MathF.Sqrt(w.Sum(x => x * x))).ToArray();

        var logPopularity = profiles.Select(p => (float)Math.Log(1.0 + Math.Max(0, p.Popularity))).ToArray();
        var maxLog = logPopularity.Length == 0 ? 1f : Math.Max(logPopularity.Max(), float.Epsilon);
        popularity = logPopularity.Select(l => l / maxLog).ToArray();
        byPopularity = Enumerable.Range(0, ids.Length).OrderByDescending(i => popularity[i]).ThenBy(i => ids[i], StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc />
    public string Algorithm => "content-popularity";

    /// <inheritdoc />
    public IReadOnlyList<Recommendation> Recommend(RecommendationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (liked, excluded) = QueryItems.Resolve(indexOf, query.Liked, query.Disliked);

        bool Allowed(int item) => !excluded.Contains(item) && (query.Include is null || query.Include(ids[item]));

        if (liked.Length == 0)
        {
            return byPopularity.Where(Allowed).Take(query.Count).Select(i => new Recommendation(ids[i], popularity[i], null)).ToList();
        }

        var taste = new Dictionary<int, float>();
        foreach (var item in liked)
        {
            for (var t = 0; t < itemTags[item].Length; t++)
            {
                taste[itemTags[item][t]] = taste.GetValueOrDefault(itemTags[item][t]) + itemTagWeights[item][t];
            }
        }

        var tasteNorm = MathF.Sqrt(taste.Values.Sum(v => v * v));
        var ranked = new PriorityQueue<int, float>();
        var scores = new float[ids.Length];
        for (var item = 0; item < ids.Length; item++)
        {
            if (!Allowed(item))
            {
                continue;
            }

            scores[item] = (similarityWeight * Cosine(taste, tasteNorm, item)) + ((1 - similarityWeight) * popularity[item]);
            ranked.Enqueue(item, scores[item]);
            if (ranked.Count > query.Count)
            {
                ranked.Dequeue();
            }
        }

        var top = new List<Recommendation>(ranked.Count);
        while (ranked.TryDequeue(out var item, out var score))
        {
            top.Add(new Recommendation(ids[item], score, ids[MostSimilarLiked(item, liked)]));
        }

        top.Reverse();
        return top;
    }

    private static int TagIndex(Dictionary<string, int> tagIndex, string tag)
    {
        if (!tagIndex.TryGetValue(tag, out var index))
        {
            index = tagIndex.Count;
            tagIndex.Add(tag, index);
        }

        return index;
    }

    private float Cosine(Dictionary<int, float> taste, float tasteNorm, int item)
    {
        if (tasteNorm == 0 || itemNorms[item] == 0)
        {
            return 0;
        }

        var dot = 0f;
        for (var t = 0; t < itemTags[item].Length; t++)
        {
            dot += taste.GetValueOrDefault(itemTags[item][t]) * itemTagWeights[item][t];
        }

        return dot / (tasteNorm * itemNorms[item]);
    }

    private int MostSimilarLiked(int item, int[] liked)
    {
        var best = liked[0];
        var bestShared = -1f;
        foreach (var candidate in liked)
        {
            var shared = 0f;
            for (var t = 0; t < itemTags[item].Length; t++)
            {
                if (Array.IndexOf(itemTags[candidate], itemTags[item][t]) >= 0)
                {
                    shared += itemTagWeights[item][t];
                }
            }

            if (shared > bestShared)
            {
                (best, bestShared) = (candidate, shared);
            }
        }

        return best;
    }
}
