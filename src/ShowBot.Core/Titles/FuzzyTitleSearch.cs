using System.Collections.Concurrent;

namespace ShowBot.Core.Titles;

/// <summary>A title or alias of one show, as the fuzzy search sees it.</summary>
internal sealed record TitleEntry(int Show, string Key, string[] Tokens, bool IsAlias);

/// <summary>A show's best fuzzy score against a query, 0..1.</summary>
internal readonly record struct ScoredShow(int Show, double Score);

/// <summary>
/// Typo-tolerant title search. Each query word is looked up in the vocabulary of catalog words (exactly, or
/// within a small edit distance among words with the same first letter, or as a prefix); the titles holding
/// those words are the candidates; only the best few are scored against the whole query. That keeps a query
/// to a few dozen edit-distance computations instead of one per show.
/// </summary>
internal sealed class FuzzyTitleSearch
{
    private const int MaxQueryTokens = 12;
    private const double MinTokenSimilarity = 0.5;

    private readonly TitleEntry[] entries;
    private readonly string[] vocabulary;
    private readonly int[][] postings;
    private readonly float[] inverseFrequency;
    private readonly Dictionary<string, int> vocabularyIds;
    private readonly Dictionary<char, int[]> byFirstLetter;

    // Per-query score arrays, kept zeroed between uses; one per concurrent caller, reused after that.
    private readonly ConcurrentBag<Scratch> scratches = [];

    public FuzzyTitleSearch(IReadOnlyList<TitleEntry> entries)
    {
        this.entries = [.. entries];
        vocabularyIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var lists = new List<List<int>>();
        for (var e = 0; e < this.entries.Length; e++)
        {
            foreach (var token in this.entries[e].Tokens)
            {
                if (!vocabularyIds.TryGetValue(token, out var id))
                {
                    id = lists.Count;
                    vocabularyIds.Add(token, id);
                    lists.Add([]);
                }

                var list = lists[id];
                if (list.Count == 0 || list[^1] != e)
                {
                    list.Add(e);
                }
            }
        }

        vocabulary = new string[lists.Count];
        foreach (var (token, id) in vocabularyIds)
        {
            vocabulary[id] = token;
        }

        postings = [.. lists.Select(l => l.ToArray())];
        inverseFrequency = [.. postings.Select(p => (float)Math.Log(1 + ((double)this.entries.Length / p.Length)))];
        byFirstLetter = Enumerable.Range(0, vocabulary.Length)
            .GroupBy(id => vocabulary[id][0])
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>
    /// Scores the most promising entries against <paramref name="queryKey"/> and returns each show's best score,
    /// highest first. With <paramref name="typing"/> the last word may be unfinished and only how well the
    /// query is covered counts (autocomplete); otherwise the whole title has to fit (matching).
    /// </summary>
    public List<ScoredShow> Search(string queryKey, bool typing, int maxCandidates, double atLeast)
    {
        var queryTokens = Tokens(queryKey);
        if (queryTokens.Length == 0)
        {
            return [];
        }

        var candidates = Candidates(queryTokens, typing, maxCandidates);
        var best = new Dictionary<int, double>(candidates.Count);
        foreach (var entryId in candidates)
        {
            var entry = entries[entryId];
            var score = Score(queryKey, queryTokens, entry, typing, atLeast) * (entry.IsAlias ? 0.97 : 1);
            if (!best.TryGetValue(entry.Show, out var previous) || score > previous)
            {
                best[entry.Show] = score;
            }
        }

        var shows = best.Select(kv => new ScoredShow(kv.Key, kv.Value)).ToList();
        shows.Sort(static (x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : x.Show.CompareTo(y.Show));
        return shows;
    }

    internal static string[] Tokens(string key)
    {
        var tokens = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return tokens.Length > MaxQueryTokens ? tokens[..MaxQueryTokens] : tokens;
    }

    /// <summary>
    /// Half-edit units a word of this length may be off by: none for one or two letters ("of", "24"),
    /// a swap for three, one edit for four or five, one and a half up to eight, two beyond.
    /// </summary>
    private static int AllowedDistance(int length) => length switch
    {
        <= 2 => 0,
        3 => 1,
        <= 5 => 2,
        <= 8 => 3,
        _ => 4,
    };

    private List<int> Candidates(string[] queryTokens, bool typing, int maxCandidates)
    {
        var scratch = scratches.TryTake(out var reused) ? reused : new Scratch(entries.Length);
        var (totals, perToken, touched, touchedByToken) = (scratch.Totals, scratch.PerToken, scratch.Touched, scratch.TouchedByToken);
        try
        {
            for (var q = 0; q < queryTokens.Length; q++)
            {
                var token = queryTokens[q];
                var prefix = typing && q == queryTokens.Length - 1;
                foreach (var (id, similarity) in SimilarWords(token, prefix))
                {
                    // Near-exact words count far more than loose ones, so that "wier" finds "wire" before
                    // the many titles holding "wie", "wer" or "weir".
                    var closeness = similarity * similarity;
                    var weight = (float)(closeness * closeness * Math.Sqrt(inverseFrequency[id]) * token.Length);
                    foreach (var e in postings[id])
                    {
                        if (perToken[e] == 0)
                        {
                            touchedByToken.Add(e);
                        }

                        perToken[e] = Math.Max(perToken[e], weight);
                    }
                }

                foreach (var e in touchedByToken)
                {
                    if (totals[e] == 0)
                    {
                        touched.Add(e);
                    }

                    totals[e] += perToken[e];
                    perToken[e] = 0;
                }

                touchedByToken.Clear();
            }

            // Keep the best maxCandidates by evidence, the more popular (lower show rank) first on ties.
            var heap = new PriorityQueue<int, (float Score, int Show)>(maxCandidates + 1, CandidateOrder.Instance);
            foreach (var e in touched)
            {
                // Shorter titles first among equal evidence: "breaking bad" wants Breaking Bad before its spin-offs.
                heap.Enqueue(e, (totals[e] / MathF.Sqrt(entries[e].Key.Length), entries[e].Show));
                if (heap.Count > maxCandidates)
                {
                    heap.Dequeue();
                }
            }

            var result = new List<int>(heap.Count);
            while (heap.TryDequeue(out var e, out _))
            {
                result.Add(e);
            }

            return result;
        }
        finally
        {
            foreach (var e in touched)
            {
                totals[e] = 0;
            }

            foreach (var e in touchedByToken)
            {
                perToken[e] = 0;
            }

            touched.Clear();
            touchedByToken.Clear();
            scratches.Add(scratch);
        }
    }

    private List<(int Id, double Similarity)> SimilarWords(string token, bool prefix)
    {
        var found = new List<(int, double)>();
        var allowed = AllowedDistance(token.Length);
        if (!prefix && (allowed == 0 || token.Length <= 2))
        {
            if (vocabularyIds.TryGetValue(token, out var exact))
            {
                found.Add((exact, 1));
            }

            return found;
        }

        if (!byFirstLetter.TryGetValue(token[0], out var bucket))
        {
            return found;
        }

        foreach (var id in bucket)
        {
            var word = vocabulary[id];
            var similarity = prefix ? PrefixSimilarity(token, word, allowed) : WordSimilarity(token, word, allowed);
            if (similarity >= MinTokenSimilarity)
            {
                found.Add((id, similarity));
            }
        }

        return found;
    }

    private static double WordSimilarity(string query, string word, int allowed)
    {
        if (Math.Abs(query.Length - word.Length) * EditDistance.Edit > allowed)
        {
            return 0;
        }

        var distance = EditDistance.Distance(query, word, allowed);
        return distance > allowed ? 0 : 1 - ((double)distance / (EditDistance.Edit * Math.Max(query.Length, word.Length)));
    }

    private static double PrefixSimilarity(string query, string word, int allowed)
    {
        if (word.Length * EditDistance.Edit < (query.Length * EditDistance.Edit) - allowed)
        {
            return 0;
        }

        if (query.Length <= 2)
        {
            return word.StartsWith(query, StringComparison.Ordinal) ? 1 : 0;
        }

        var distance = EditDistance.PrefixDistance(query, word, allowed);
        return distance > allowed ? 0 : 1 - ((double)distance / (EditDistance.Edit * query.Length));
    }

    /// <summary>
    /// The better of a whole-string comparison and a word-by-word one (order-free, typo- and prefix-tolerant,
    /// weighted by word length so "of" and "and" matter little). When typing, only coverage of the query counts.
    /// </summary>
    private static double Score(string queryKey, string[] queryTokens, TitleEntry entry, bool typing, double atLeast)
    {
        var titleTokens = entry.Tokens;
        var titleCover = titleTokens.Length <= 32 ? stackalloc double[titleTokens.Length] : new double[titleTokens.Length];
        double recallSum = 0, recallWeight = 0;
        for (var q = 0; q < queryTokens.Length; q++)
        {
            var query = queryTokens[q];
            var mayBePrefix = query.Length >= 3 && (!typing || q == queryTokens.Length - 1 || query.Length >= 4);
            double bestRecall = 0;
            for (var t = 0; t < titleTokens.Length; t++)
            {
                var word = titleTokens[t];
                var whole = EditDistance.Similarity(query, word, MinTokenSimilarity);
                double recall = whole, cover = whole;
                if (mayBePrefix && word.Length > query.Length && word.StartsWith(query, StringComparison.Ordinal))
                {
                    // A finished word that is only the start of a title word ("break" for "breaking") is weaker
                    // evidence than the word itself, unless the user is still typing it.
                    var prefixRecall = typing ? 1 : 0.9;
                    if (prefixRecall > recall)
                    {
                        recall = prefixRecall;
                        cover = (double)query.Length / word.Length;
                    }
                }

                if (recall < MinTokenSimilarity)
                {
                    continue;
                }

                bestRecall = Math.Max(bestRecall, recall);
                titleCover[t] = Math.Max(titleCover[t], cover);
            }

            recallSum += bestRecall * query.Length;
            recallWeight += query.Length;
        }

        var recallScore = recallWeight == 0 ? 0 : recallSum / recallWeight;
        if (typing)
        {
            return recallScore >= atLeast ? recallScore : Math.Max(recallScore, EditDistance.PrefixSimilarity(queryKey, entry.Key, atLeast));
        }

        double coverSum = 0, coverWeight = 0;
        for (var t = 0; t < titleTokens.Length; t++)
        {
            coverSum += titleCover[t] * titleTokens[t].Length;
            coverWeight += titleTokens[t].Length;
        }

        var precision = coverWeight == 0 ? 0 : coverSum / coverWeight;
        var tokenScore = recallScore + precision == 0 ? 0 : 2 * recallScore * precision / (recallScore + precision);
        var ratio = EditDistance.Similarity(queryKey, entry.Key, Math.Max(atLeast, tokenScore));

        // Same words in another order is a good match but not the same title.
        return Math.Max(ratio, tokenScore * 0.98);
    }

    private sealed class Scratch(int size)
    {
        public float[] Totals { get; } = new float[size];

        public float[] PerToken { get; } = new float[size];

        public List<int> Touched { get; } = [];

        public List<int> TouchedByToken { get; } = [];
    }

    /// <summary>Min-heap order: the worst candidate (lowest score, then least popular) is dequeued first.</summary>
    private sealed class CandidateOrder : IComparer<(float Score, int Show)>
    {
        public static readonly CandidateOrder Instance = new();

        public int Compare((float Score, int Show) x, (float Score, int Show) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Show.CompareTo(x.Show);
    }
}
