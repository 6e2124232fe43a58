using System.Collections.Concurrent;

namespace ShowBot.Core.Titles;

/// <summary>A title or alias of one show, as the fuzzy search sees it.</summary>
internal sealed record TitleEntry(int Show, string Key, string[] Tokens, bool IsAlias);

/// <summary>A show's best fuzzy score against a query, 0..1.</summary>
internal readonly record struct ScoredShow(int Show, double Score);

/// <summary>
/// Typo-tolerant title search. Each query word is looked up in the vocabulary of catalog words (exactly, or
/// within a small edit distance, or as a prefix); the titles holding those words are the candidates; only the
/// best few are scored against the whole query. That keeps a query to a few dozen edit-distance computations
/// instead of one per show. Near words are sought among words with the same first letter and, when the word is
/// not in the catalog as typed, among the few words a slip at the first letter would explain (same second and
/// third letters, or first two letters found one place later or swapped), so "greaking", "reaking" and
/// "rbeaking" still find "breaking".
/// A word typed twice ("fargo fargo") counts once.
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
    private readonly Dictionary<int, int[]> byLeadingPair;
    private readonly Dictionary<int, int[]> bySecondPair;

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
        byLeadingPair = PairIndex(0);
        bySecondPair = PairIndex(1);
    }

    /// <summary>
    /// Scores the most promising entries against <paramref name="queryKey"/> and returns each show's best score,
    /// highest first. With <paramref name="typing"/> the last word may be unfinished and only how well the
    /// query is covered counts (autocomplete); otherwise the whole title has to fit (matching).
    /// </summary>
    public List<ScoredShow> Search(string queryKey, bool typing, int maxCandidates, double atLeast)
    {
        var queryTokens = DistinctTokens(Tokens(queryKey));
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

    /// <summary>The words in their first order, each once: a repeated word is no more evidence than the word.</summary>
    private static string[] DistinctTokens(string[] tokens)
    {
        for (var i = 1; i < tokens.Length; i++)
        {
            if (Array.IndexOf(tokens, tokens[i], 0, i) >= 0)
            {
                return [.. tokens.Distinct(StringComparer.Ordinal)];
            }
        }

        return tokens;
    }

    private static int Pair(char first, char second) => (first << 16) | second;

    /// <summary>Vocabulary words by the two letters at <paramref name="offset"/>.</summary>
    private Dictionary<int, int[]> PairIndex(int offset) =>
        Enumerable.Range(0, vocabulary.Length)
            .Where(id => vocabulary[id].Length >= offset + 2)
            .GroupBy(id => Pair(vocabulary[id][offset], vocabulary[id][offset + 1]))
            .ToDictionary(g => g.Key, g => g.ToArray());

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
        var found = new List<(int Id, double Similarity)>();
        var allowed = AllowedDistance(token.Length);
        if (!prefix && (allowed == 0 || token.Length <= 2))
        {
            if (vocabularyIds.TryGetValue(token, out var exact))
            {
                found.Add((exact, 1));
            }

            return found;
        }

        if (byFirstLetter.TryGetValue(token[0], out var bucket))
        {
            AddSimilar(found, bucket, token, prefix, allowed, skipFirstLetter: false, default);
        }

        if (found.Exists(static f => f.Similarity == 1))
        {
            // The word (or, while typing, the start of one) is spelt as in the catalog: no slip to look for.
            return found;
        }

        if (token.Length < 4)
        {
            // Three letters allow only a swap, and a swap of the first two is the last bucket below.
            if (token.Length == 3 && byLeadingPair.TryGetValue(Pair(token[1], token[0]), out bucket))
            {
                AddSimilar(found, bucket, token, prefix, allowed, skipFirstLetter: true, default);
            }

            return found;
        }

        // A slip at the first letter: the word holds the query's second and third letters one place later or
        // at the same place (substitution), its second and first letters at the start (swap), its second and
        // third letters at the start (inserted letter), or its first two letters one place later (lost letter).
        // Each bucket skips the words an earlier one has already offered.
        ReadOnlySpan<(int Offset, int Pair)> slips =
        [
            (1, Pair(token[1], token[2])),
            (1, Pair(token[0], token[1])),
            (0, Pair(token[1], token[2])),
            (0, Pair(token[1], token[0])),
        ];
        for (var s = 0; s < slips.Length; s++)
        {
            var (offset, pair) = slips[s];
            if ((offset == 0 ? byLeadingPair : bySecondPair).TryGetValue(pair, out bucket))
            {
                AddSimilar(found, bucket, token, prefix, allowed, skipFirstLetter: true, slips[..s]);
            }
        }

        return found;
    }

    private void AddSimilar(List<(int Id, double Similarity)> found, int[] bucket, string token, bool prefix, int allowed, bool skipFirstLetter, ReadOnlySpan<(int Offset, int Pair)> seen)
    {
        foreach (var id in bucket)
        {
            var word = vocabulary[id];
            if (skipFirstLetter && (word[0] == token[0] || InAny(word, seen)))
            {
                continue;
            }

            var similarity = prefix ? PrefixSimilarity(token, word, allowed) : WordSimilarity(token, word, allowed);
            if (similarity >= MinTokenSimilarity)
            {
                found.Add((id, similarity));
            }
        }
    }

    private static bool InAny(string word, ReadOnlySpan<(int Offset, int Pair)> buckets)
    {
        foreach (var (offset, pair) in buckets)
        {
            if (word.Length >= offset + 2 && Pair(word[offset], word[offset + 1]) == pair)
            {
                return true;
            }
        }

        return false;
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
