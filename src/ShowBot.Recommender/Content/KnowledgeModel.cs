using System.Numerics;
using System.Numerics.Tensors;

namespace ShowBot.Recommender.Content;

/// <summary>
/// Recommends from what is known about the items, with no ratings at all. Each item is a sparse vector of its
/// features, each weighted by its inverse document frequency, so a rare shared creator or tag says more than a shared
/// language. The features of one kind (tags, creators, the network…) form a block, scaled down by the block's size
/// (see <see cref="ContentWeights.KindNormalization"/>) and then by its kind's weight, so a show with twelve tags is
/// not compared by its tags alone. An item's similarity to a liked one is the cosine of their vectors, plus a
/// bonus for a direct relation (spin-off, sequel, same franchise…) and for each person in both casts
/// (<see cref="ContentWeights.SharedBonus"/>), a little for being close in time, less a little
/// for being far better known than the liked item (<see cref="ContentWeights.Novelty"/>), for having run far
/// longer or shorter (<see cref="ContentWeights.RunLength"/>) and for being rated far higher or lower
/// (<see cref="ContentWeights.RatingDistance"/>). Every liked
/// item counts: a candidate's score is the mean of its similarities to them, and the list gives each liked item its
/// share of the places. A prior of popularity and rating breaks ties and ranks a browse with no liked item.
/// </summary>
public sealed class KnowledgeModel : IRecommendationModel
{
    private const int MaxEvidence = 6;

    // With several liked items, the list is shared out among them from this many times its length of the best.
    private const int SharePool = 20;

    // With nothing liked ("best crime dramas", a genre browse), "best" means well rated and widely watched.
    private const float BrowsePriorWeight = 0.15f;

    private readonly ContentWeights weights;
    private readonly string[] ids;

    /// <summary>Each item's place among the ids in ordinal order: of two items with the same score, the earlier ranks first.</summary>
    private readonly int[] idOrder;

    /// <summary>The items in ordinal order of their ids: the item at each <see cref="idOrder"/> place.</summary>
    private readonly int[] byIdOrder;
    private readonly Dictionary<string, int> indexOf;
    private readonly Dictionary<ContentFeature, int> featureIndex;
    private readonly ContentFeature[] features;
    private readonly float[] idf;

    /// <summary>What sharing each feature adds outside the cosine (<see cref="ContentWeights.SharedBonus"/>): 0 for most.</summary>
    private readonly float[] sharedBonus;
    private readonly int[][] itemFeatures;
    private readonly float[][] itemWeights;
    private readonly (int Item, float Weight)[][] postings;
    private readonly (int Other, string Kind)[][] links;
    private readonly Dictionary<int, List<int>> clashes = [];
    /// <summary>For a liked item's feature, what each item loses for lacking what the feature requires: 0 where it has it.</summary>
    private readonly Dictionary<int, List<float[]>> requirements = [];
    private readonly int?[] years;

    /// <summary>log2 of each item's <see cref="ContentItem.RunYears"/>, 0 where unknown.</summary>
    private readonly float[] log2Run;

    /// <summary>What each item loses per doubling apart in run length: <see cref="ContentWeights.RunLength"/>, 0 where unknown.</summary>
    private readonly float[] runLengthRate;

    /// <summary>Each item's <see cref="ContentItem.Quality"/>, 0 where unknown.</summary>
    private readonly float[] quality;

    /// <summary>What each item loses per point of rating apart: <see cref="ContentWeights.RatingDistance"/>, 0 where unknown.</summary>
    private readonly float[] ratingDistanceRate;

    /// <summary>Whether sharing each feature spares a candidate the run-length loss (<see cref="ContentWeights.RunLengthSparedBy"/>).</summary>
    private readonly bool[] sparesRunLength;

    /// <summary>What two items this many years apart add to their likeness, by the years apart.</summary>
    private readonly float[] eraCloseness;
    private readonly float[] prior;
    private readonly float[] certainty;
    private readonly float[] log10Popularity; // −∞ where unknown: such an item is never taken for better known
    private readonly float[] browsePrior;
    private readonly int[] byBrowsePrior;

    /// <param name="items">Every item that may be recommended; a repeated id keeps its first profile.</param>
    /// <param name="links">Relations between items; links to unknown ids are ignored.</param>
    /// <param name="weights">Weights of the evidence; the defaults when null.</param>
    public KnowledgeModel(IEnumerable<ContentItem> items, IEnumerable<ContentLink>? links = null, ContentWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        this.weights = weights ?? new ContentWeights();
        var profiles = items.DistinctBy(i => i.Id).ToArray();
        ids = profiles.Select(p => p.Id).ToArray();
        indexOf = ids.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.OrdinalIgnoreCase);
        byIdOrder = Enumerable.Range(0, ids.Length).OrderBy(i => ids[i], StringComparer.Ordinal).ToArray();
        idOrder = new int[ids.Length];
        for (var place = 0; place < byIdOrder.Length; place++)
        {
            idOrder[byIdOrder[place]] = place;
        }

        featureIndex = new Dictionary<ContentFeature, int>(FeatureComparer.Instance);
        var raw = profiles.Select(p => p.Features.Select(Intern).Distinct().ToArray()).ToArray();
        features = new ContentFeature[featureIndex.Count];
        foreach (var (feature, index) in featureIndex)
        {
            features[index] = feature;
        }

        var documentFrequency = new int[features.Length];
        foreach (var list in raw)
        {
            foreach (var f in list)
            {
                documentFrequency[f]++;
            }
        }

        idf = documentFrequency.Select(df => (float)Math.Pow(Math.Log(1.0 + ((double)ids.Length / df)), this.weights.IdfPower)).ToArray();
        sharedBonus = features.Select(f => this.weights.SharedBonus.TryGetValue(f.Kind, out var bonus) ? bonus : 0f).ToArray();
        itemFeatures = raw;
        itemWeights = raw.Select(FeatureWeights).ToArray();

        var postingLists = Enumerable.Range(0, features.Length).Select(_ => new List<(int, float)>()).ToArray();
        for (var item = 0; item < ids.Length; item++)
        {
            for (var k = 0; k < itemFeatures[item].Length; k++)
            {
                postingLists[itemFeatures[item][k]].Add((item, itemWeights[item][k]));
            }
        }

        postings = postingLists.Select(p => p.ToArray()).ToArray();
        this.links = BuildLinks(links ?? []);
        foreach (var (a, b) in this.weights.Clashes)
        {
            if (featureIndex.TryGetValue(Normalized(a), out var fa) && featureIndex.TryGetValue(Normalized(b), out var fb))
            {
                AddClash(fa, fb);
                AddClash(fb, fa);
            }
        }

        foreach (var (feature, anyOf, penalty) in this.weights.Requirements)
        {
            if (featureIndex.TryGetValue(Normalized(feature), out var required))
            {
                var loss = new float[ids.Length];
                Array.Fill(loss, penalty ?? this.weights.ClashPenalty);
                foreach (var (item, _) in anyOf.Select(Normalized).Where(featureIndex.ContainsKey).SelectMany(f => postings[featureIndex[f]]))
                {
                    loss[item] = 0;
                }

                (requirements.TryGetValue(required, out var list) ? list : requirements[required] = []).Add(loss);
            }
        }

        years = profiles.Select(p => p.Year).ToArray();
        log2Run = profiles.Select(p => p.RunYears is > 0 and var run ? MathF.Log2(run) : 0f).ToArray();
        runLengthRate = profiles.Select(p => p.RunYears is > 0 ? this.weights.RunLength : 0f).ToArray();
        quality = profiles.Select(p => (float)(p.Quality ?? 0)).ToArray();
        ratingDistanceRate = profiles.Select(p => p.Quality is not null ? this.weights.RatingDistance : 0f).ToArray();
        sparesRunLength = features.Select(f => this.weights.RunLengthSparedBy.Contains(f.Kind, StringComparer.OrdinalIgnoreCase)).ToArray();
        var yearSpan = years.Any(y => y is not null) ? years.Max()!.Value - years.Min()!.Value : 0;
        eraCloseness = [.. Enumerable.Range(0, yearSpan + 1).Select(apart => this.weights.Era * MathF.Exp(-apart / this.weights.EraScale))];
        certainty = profiles.Select(p => (float)Math.Clamp(p.Certainty, 0, 1)).ToArray();
        log10Popularity = profiles.Select(p => p.Popularity > 0 ? (float)Math.Log10(p.Popularity) : float.NegativeInfinity).ToArray();
        prior = Priors(profiles, this.weights.Popularity, this.weights.Quality);
        browsePrior = Priors(profiles, BrowsePriorWeight, BrowsePriorWeight);
        byBrowsePrior = Enumerable.Range(0, ids.Length).OrderByDescending(i => browsePrior[i]).ThenBy(i => ids[i], StringComparer.Ordinal).ToArray();

        void AddClash(int feature, int with)
        {
            if (!clashes.TryGetValue(feature, out var list))
            {
                clashes[feature] = list = [];
            }

            list.Add(with);
        }

        int Intern(ContentFeature feature)
        {
            feature = Normalized(feature);
            if (!featureIndex.TryGetValue(feature, out var index))
            {
                index = featureIndex.Count;
                featureIndex.Add(feature, index);
            }

            return index;
        }
    }

    /// <inheritdoc />
    public string Algorithm => "knowledge";

    /// <inheritdoc />
    public IReadOnlyList<Recommendation> Recommend(RecommendationQuery query) => Recommend(ContentQuery.From(query));

    /// <summary>Ranks items for liked items and features asked for in words; with neither, by the prior.</summary>
    public IReadOnlyList<Recommendation> Recommend(ContentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (liked, excluded) = QueryItems.Resolve(indexOf, query.Liked, query.Disliked);

        bool Allowed(int item) => !excluded.Contains(item) && (query.Include is null || query.Include(ids[item]));

        var wanted = WantedGroups(query.Wanted);
        if (liked.Length == 0 && wanted.Count == 0)
        {
            return byBrowsePrior.Where(Allowed).Take(query.Count).Select(i => new Recommendation(ids[i], browsePrior[i], null)).ToList();
        }

        var perLiked = liked.Select(Similarities).ToArray();
        var wantedScores = wanted.Count > 0 ? Coverage(wanted) : null;
        var itemPrior = liked.Length == 0 ? browsePrior : prior;
        var likedShare = wantedScores is null ? 1f : liked.Length == 0 ? 0f : 1f - weights.Wanted;
        var scores = new float[ids.Length];
        var because = new int[ids.Length];
        for (var item = 0; item < ids.Length; item++)
        {
            var sum = 0f;
            var best = -1;
            var bestScore = float.MinValue;
            for (var l = 0; l < liked.Length; l++)
            {
                sum += perLiked[l][item];
                if (perLiked[l][item] > bestScore)
                {
                    (best, bestScore) = (l, perLiked[l][item]);
                }
            }

            var content = liked.Length == 0 ? 0f : likedShare * certainty[item] * sum / liked.Length;
            if (wantedScores is not null)
            {
                content += (1f - likedShare) * wantedScores[item];
            }

            scores[item] = content + itemPrior[item];
            because[item] = best;
        }

        // Asked in words with no show given, an item must meet at least one of the things asked for.
        bool Relevant(int item) => liked.Length > 0 || wantedScores is null || wantedScores[item] > 0;
        var ranked = Best(scores, i => Allowed(i) && Relevant(i), liked.Length < 2 ? query.Count : query.Count * SharePool);
        var chosen = ShareOut(ranked, because, liked.Length, query.Count);
        return chosen.Select(item => because[item] < 0
            ? new Recommendation(ids[item], scores[item], null) { Evidence = query.Explained ? WantedEvidence(item, wanted) : null }
            : new Recommendation(ids[item], scores[item], ids[liked[because[item]]]) { Evidence = query.Explained ? Evidence(liked[because[item]], item) : null }).ToList();
    }

    /// <summary>What <paramref name="itemId"/> shares with <paramref name="likedId"/>, as a suggestion of it for that liked item says.</summary>
    public IReadOnlyList<ContentFeature> Evidence(string likedId, string itemId) =>
        indexOf.TryGetValue(likedId, out var liked) && indexOf.TryGetValue(itemId, out var item) ? Evidence(liked, item) : [];

    private float[] Similarities(int item)
    {
        var sims = Accumulate(itemFeatures[item].Select((f, k) => (f, itemWeights[item][k])).ToList());
        foreach (var (other, kind) in links[item])
        {
            sims[other] += LinkWeight(kind);
        }

        foreach (var feature in itemFeatures[item])
        {
            if (sharedBonus[feature] != 0)
            {
                foreach (var (other, _) in postings[feature])
                {
                    sims[other] += sharedBonus[feature];
                }
            }

            foreach (var clash in clashes.GetValueOrDefault(feature) ?? [])
            {
                foreach (var (other, _) in postings[clash])
                {
                    sims[other] -= weights.ClashPenalty;
                }
            }

            foreach (var loss in requirements.GetValueOrDefault(feature) ?? [])
            {
                TensorPrimitives.Subtract(sims, loss, sims);
            }
        }

        if (weights.Era > 0 && years[item] is { } year)
        {
            for (var other = 0; other < ids.Length; other++)
            {
                if (years[other] is { } y)
                {
                    sims[other] += eraCloseness[Math.Abs(y - year)];
                }
            }
        }

        if (runLengthRate[item] > 0)
        {
            PenaliseDistance(sims, log2Run, runLengthRate, log2Run[item], 0);

            // Given back to the few that share a creator, rather than taken from all but them.
            foreach (var other in itemFeatures[item].Where(f => sparesRunLength[f]).SelectMany(f => postings[f]).Select(p => p.Item).Distinct())
            {
                sims[other] += runLengthRate[other] * Beyond(log2Run[other], log2Run[item], 0);
            }
        }

        if (ratingDistanceRate[item] > 0)
        {
            PenaliseDistance(sims, quality, ratingDistanceRate, quality[item], weights.RatingDistanceFree);
        }

        if (weights.Novelty > 0 && float.IsFinite(log10Popularity[item]))
        {
            Penalise(sims, log10Popularity, log10Popularity[item] + MathF.Log10(weights.NoveltyFreeRatio), weights.Novelty);
        }

        return sims;
    }

    // sims[i] −= rate · max(0, values[i] − free), a vector at a time: it runs over every item for each liked one.
    private static void Penalise(float[] sims, float[] values, float free, float rate)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var freeVector = new Vector<float>(free);
            var rateVector = new Vector<float>(rate);
            for (; i <= sims.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var excess = Vector.Max(new Vector<float>(values, i) - freeVector, Vector<float>.Zero);
                (new Vector<float>(sims, i) - (excess * rateVector)).CopyTo(sims, i);
            }
        }

        for (; i < sims.Length; i++)
        {
            sims[i] -= rate * MathF.Max(values[i] - free, 0);
        }
    }

    // sims[i] −= rates[i] · max(0, |values[i] − from| − free), a vector at a time.
    private static void PenaliseDistance(float[] sims, float[] values, float[] rates, float from, float free)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var fromVector = new Vector<float>(from);
            var freeVector = new Vector<float>(free);
            for (; i <= sims.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var beyond = Vector.Max(Vector.Abs(new Vector<float>(values, i) - fromVector) - freeVector, Vector<float>.Zero);
                (new Vector<float>(sims, i) - (beyond * new Vector<float>(rates, i))).CopyTo(sims, i);
            }
        }

        for (; i < sims.Length; i++)
        {
            sims[i] -= rates[i] * Beyond(values[i], from, free);
        }
    }

    // How far value is from from, beyond free.
    private static float Beyond(float value, float from, float free) => MathF.Max(MathF.Abs(value - from) - free, 0);

    private float[] Accumulate(IReadOnlyList<(int Feature, float Weight)> vector)
    {
        var sums = new float[ids.Length];

        // A feature of weight 0 (a kind kept for clashes and requirements only) adds nothing: its long lists are skipped.
        foreach (var (feature, weight) in vector.Where(f => f.Weight != 0))
        {
            foreach (var (other, w) in postings[feature])
            {
                sums[other] += weight * w;
            }
        }

        return sums;
    }

    /// <summary>How much of what was asked for an item has: each thing asked for counts equally, met by any of its features.</summary>
    private float[] Coverage(List<int[]> groups)
    {
        var covered = new float[ids.Length];
        var seen = new int[ids.Length];
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var feature in groups[g])
            {
                foreach (var (other, _) in postings[feature])
                {
                    if (seen[other] != g + 1)
                    {
                        seen[other] = g + 1;
                        covered[other] += 1f / groups.Count;
                    }
                }
            }
        }

        return covered;
    }

    private List<int[]> WantedGroups(IReadOnlyList<IReadOnlyList<ContentFeature>> wanted) =>
        wanted
            .Select(group => group
                .Select(f => featureIndex.TryGetValue(Normalized(f), out var i) ? i : -1)
                .Where(i => i >= 0)
                .Distinct()
                .ToArray())
            .Where(group => group.Length > 0)
            .ToList();

    /// <summary>
    /// The <paramref name="count"/> best items that pass <paramref name="keep"/>, best first, ties by id. The question
    /// (the shows a person rated or was shown, the catalog, by id) costs more than ranking, so it is asked in rank order
    /// until the list is full: the best items are ranked a few more than needed at a time, and more only when too many
    /// of them fail it.
    /// </summary>
    private List<int> Best(float[] scores, Func<int, bool> keep, int count)
    {
        var best = new List<int>(count);
        for (var ranked = 2 * count; count > 0; ranked = (int)Math.Min(4L * ranked, scores.Length))
        {
            var top = Ranked(scores, ranked);
            best.Clear();
            foreach (var item in top)
            {
                if (keep(item))
                {
                    best.Add(item);
                    if (best.Count == count)
                    {
                        return best;
                    }
                }
            }

            if (top.Count == scores.Length)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>
    /// The <paramref name="count"/> best items, best first, ties by id: a bounded heap instead of sorting the catalog,
    /// over keys that order as the items should (<see cref="RankKey"/>), so a comparison is one of two integers.
    /// </summary>
    private List<int> Ranked(float[] scores, int count)
    {
        count = Math.Min(count, scores.Length);
        var worstOnTop = new ulong[Math.Max(count, 0)];
        var size = 0;

        // No item below the floor can be among the best, so the heap never meets it.
        var floor = count > 0 ? SampleFloor(scores, count) : null;
        var meetEvery = floor is null;
        var threshold = floor.GetValueOrDefault();
        for (var item = 0; item < scores.Length && count > 0; item++)
        {
            if (meetEvery || scores[item] >= threshold)
            {
                Keep(worstOnTop, ref size, RankKey(scores[item], item));
            }
        }

        Array.Sort(worstOnTop, 0, size);
        var ranked = new List<int>(size);
        for (var i = 0; i < size; i++)
        {
            ranked.Add(byIdOrder[(int)(uint)worstOnTop[i]]);
        }

        return ranked;
    }

    /// <summary>
    /// The <paramref name="count"/>-th best score of every 8th item: no item scoring below it can be among the
    /// <paramref name="count"/> best of all. Null, and every item is met, when the sample has fewer than that, NaN aside.
    /// </summary>
    private float? SampleFloor(float[] scores, int count)
    {
        const int Stride = 8;
        if (scores.Length / Stride < count)
        {
            return null;
        }

        var worstOnTop = new ulong[count];
        var size = 0;
        for (var item = 0; item < scores.Length; item += Stride)
        {
            Keep(worstOnTop, ref size, RankKey(scores[item], item));
        }

        var floor = scores[byIdOrder[(int)(uint)worstOnTop[0]]];
        return float.IsNaN(floor) ? null : floor;
    }

    /// <summary>Adds <paramref name="key"/> to a heap of the best keys seen, full at its length, the worst on top.</summary>
    private static void Keep(ulong[] worstOnTop, ref int size, ulong key)
    {
        if (size < worstOnTop.Length)
        {
            worstOnTop[size] = key;
            SiftUp(worstOnTop, size++);
        }
        else if (key < worstOnTop[0])
        {
            worstOnTop[0] = key;
            SiftDown(worstOnTop, size);
        }
    }

    /// <summary>
    /// Smaller for a better item: the score's bits, arranged to order as the scores do and inverted (higher first),
    /// above the item's <see cref="idOrder"/> place. NaN ranks last, −0 as 0, as <see cref="float.CompareTo(float)"/> has them.
    /// </summary>
    private ulong RankKey(float score, int item)
    {
        var bits = BitConverter.SingleToUInt32Bits(score + 0f);
        var ascending = float.IsNaN(score) ? 0u : (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return ((ulong)~ascending << 32) | (uint)idOrder[item];
    }

    /// <summary>Restores the heap (the largest key on top) after the key at <paramref name="at"/> was added.</summary>
    private static void SiftUp(ulong[] heap, int at)
    {
        while (at > 0 && heap[(at - 1) / 2] < heap[at])
        {
            (heap[(at - 1) / 2], heap[at]) = (heap[at], heap[(at - 1) / 2]);
            at = (at - 1) / 2;
        }
    }

    /// <summary>Restores the heap of <paramref name="size"/> keys after its top was replaced.</summary>
    private static void SiftDown(ulong[] heap, int size)
    {
        var at = 0;
        while (true)
        {
            var largest = at;
            foreach (var child in (ReadOnlySpan<int>)[(2 * at) + 1, (2 * at) + 2])
            {
                if (child < size && heap[child] > heap[largest])
                {
                    largest = child;
                }
            }

            if (largest == at)
            {
                return;
            }

            (heap[at], heap[largest]) = (heap[largest], heap[at]);
            at = largest;
        }
    }

    private static IEnumerable<int> ShareOut(List<int> pool, int[] because, int likedCount, int count)
    {
        if (likedCount < 2)
        {
            return pool;
        }

        // Each liked item gets its share of the places first, so a second show given changes the list too.
        var share = (int)Math.Ceiling((double)count / likedCount);
        var perLiked = new int[likedCount];
        var chosen = new List<int>(count);
        foreach (var item in pool)
        {
            if (chosen.Count == count)
            {
                break;
            }

            if (because[item] < 0 || perLiked[because[item]] < share)
            {
                chosen.Add(item);
                if (because[item] >= 0)
                {
                    perLiked[because[item]]++;
                }
            }
        }

        // Places no liked item's share filled go to the best of the rest.
        var picked = chosen.ToHashSet();
        foreach (var item in pool.TakeWhile(_ => picked.Count < count))
        {
            picked.Add(item);
        }

        return pool.Where(picked.Contains);
    }

    private List<ContentFeature> Evidence(int liked, int item)
    {
        var evidence = links[item].Where(l => l.Other == liked).Select(l => new ContentFeature(ContentFeature.LinkKind, l.Kind)).Take(1).ToList();
        var shared = new List<(ContentFeature Feature, float Weight)>();
        for (var k = 0; k < itemFeatures[item].Length; k++)
        {
            var feature = itemFeatures[item][k];
            var at = Array.IndexOf(itemFeatures[liked], feature);
            if (at >= 0)
            {
                shared.Add((features[feature], (itemWeights[item][k] * itemWeights[liked][at]) + sharedBonus[feature]));
            }
        }

        evidence.AddRange(shared.OrderByDescending(s => s.Weight).Take(MaxEvidence).Select(s => s.Feature));
        return evidence;
    }

    private List<ContentFeature> WantedEvidence(int item, List<int[]> groups) =>
        groups
            .Select(group => group.FirstOrDefault(f => Array.IndexOf(itemFeatures[item], f) >= 0, -1))
            .Where(f => f >= 0)
            .Take(MaxEvidence)
            .Select(f => features[f])
            .ToList();

    private (int Other, string Kind)[][] BuildLinks(IEnumerable<ContentLink> relations)
    {
        var lists = Enumerable.Range(0, ids.Length).Select(_ => new List<(int, string)>()).ToArray();
        foreach (var link in relations)
        {
            if (indexOf.TryGetValue(link.FromId, out var from) && indexOf.TryGetValue(link.ToId, out var to) && from != to)
            {
                lists[from].Add((to, link.Kind));
                lists[to].Add((from, ContentLink.Reverse(link.Kind)));
            }
        }

        return lists.Select(l => l.DistinctBy(x => x.Item1).ToArray()).ToArray();
    }

    /// <summary>The item's unit vector: IDF per feature, each kind's block scaled by its size and its weight.</summary>
    private float[] FeatureWeights(int[] itemFeatureList)
    {
        var w = new float[itemFeatureList.Length];
        foreach (var block in Enumerable.Range(0, itemFeatureList.Length).GroupBy(k => features[itemFeatureList[k]].Kind, StringComparer.OrdinalIgnoreCase))
        {
            var blockNorm = MathF.Sqrt(block.Sum(k => idf[itemFeatureList[k]] * idf[itemFeatureList[k]]));
            var scale = MathF.Sqrt(KindWeight(block.Key)) / MathF.Pow(blockNorm, weights.KindNormalization);
            foreach (var k in block)
            {
                w[k] = idf[itemFeatureList[k]] * scale;
            }
        }

        var norm = MathF.Sqrt(w.Sum(x => x * x));
        return norm == 0 ? w : w.Select(x => x / norm).ToArray();
    }

    private static ContentFeature Normalized(ContentFeature feature) => new(feature.Kind.Trim().ToLowerInvariant(), feature.Value.Trim());

    private float LinkWeight(string kind) => weights.Links.TryGetValue(kind, out var w) ? w : 0f;

    private float KindWeight(string kind) => weights.Kinds.TryGetValue(kind, out var w) ? w : 1f;

    private static float[] Priors(ContentItem[] profiles, float popularityWeight, float qualityWeight)
    {
        var logPopularity = profiles.Select(p => Math.Log(1.0 + Math.Max(0, p.Popularity))).ToArray();
        var maxLog = logPopularity.Length == 0 ? 1.0 : Math.Max(logPopularity.Max(), double.Epsilon);
        return profiles.Select((p, i) =>
        {
            var quality = p.Quality is { } q ? Math.Clamp((q - 5.0) / 5.0, 0.0, 1.0) : 0.5;
            return (float)((popularityWeight * logPopularity[i] / maxLog) + (qualityWeight * quality));
        }).ToArray();
    }

    private sealed class FeatureComparer : IEqualityComparer<ContentFeature>
    {
        public static readonly FeatureComparer Instance = new();

        public bool Equals(ContentFeature x, ContentFeature y) =>
            string.Equals(x.Kind, y.Kind, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Value, y.Value, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(ContentFeature obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Kind), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Value));
    }
}
