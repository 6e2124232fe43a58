namespace ShowBot.Core.Titles;

/// <summary>
/// Optimal-string-alignment distance in half-edit units: an insertion, deletion or substitution costs
/// <see cref="Edit"/> (2), swapping two adjacent letters costs 1, because "wier" for "wire" is a slip of
/// the fingers, not two mistakes.
/// </summary>
internal static class EditDistance
{
    public const int Edit = 2;
    private const int Swap = 1;
    private const int StackLimit = 128;

    /// <summary>1 for equal strings, 0 for nothing in common; 0 as soon as it is certain to fall below <paramref name="atLeast"/>.</summary>
    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b, double atLeast = 0)
    {
        var longest = Math.Max(a.Length, b.Length);
        if (longest == 0)
        {
            return 1;
        }

        var max = (int)((1 - atLeast) * Edit * longest);
        var distance = Distance(a, b, max);
        return distance > max ? 0 : 1 - ((double)distance / (Edit * longest));
    }

    /// <summary>How well <paramref name="query"/> matches the start of <paramref name="target"/>, as <see cref="Similarity"/>.</summary>
    public static double PrefixSimilarity(ReadOnlySpan<char> query, ReadOnlySpan<char> target, double atLeast = 0)
    {
        if (query.Length == 0)
        {
            return 1;
        }

        var max = (int)((1 - atLeast) * Edit * query.Length);
        var distance = PrefixDistance(query, target, max);
        return distance > max ? 0 : 1 - ((double)distance / (Edit * query.Length));
    }

    /// <summary>The distance, or a value above <paramref name="max"/> once it is certain to exceed it.</summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max) => Compute(a, b, max, prefix: false);

    /// <summary>Distance from <paramref name="query"/> to the closest prefix of <paramref name="target"/> ("brakin" → "breaking bad").</summary>
    public static int PrefixDistance(ReadOnlySpan<char> query, ReadOnlySpan<char> target, int max) => Compute(query, target, max, prefix: true);

    private static int Compute(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max, bool prefix)
    {
        if (!prefix && Math.Abs(a.Length - b.Length) * Edit > max)
        {
            return max + 1;
        }

        if (prefix && b.Length > a.Length + (max / Edit) + 1)
        {
            // No prefix longer than this can be within max of the query.
            b = b[..(a.Length + (max / Edit) + 1)];
        }

        var m = b.Length;
        var width = m + 1;
        var rows = width * 3 <= StackLimit * 3 ? stackalloc int[width * 3] : new int[width * 3];
        var before = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j <= m; j++)
        {
            previous[j] = j * Edit;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i * Edit;
            var rowMin = current[0];
            var ai = a[i - 1];
            for (var j = 1; j <= m; j++)
            {
                var bj = b[j - 1];
                var value = Math.Min(Math.Min(previous[j], current[j - 1]) + Edit, previous[j - 1] + (ai == bj ? 0 : Edit));
                if (i > 1 && j > 1 && ai != bj && ai == b[j - 2] && a[i - 2] == bj)
                {
                    value = Math.Min(value, before[j - 2] + Swap);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }

        if (!prefix)
        {
            return previous[m];
        }

        var best = previous[0];
        for (var j = 1; j <= m; j++)
        {
            best = Math.Min(best, previous[j]);
        }

        return best;
    }
}
