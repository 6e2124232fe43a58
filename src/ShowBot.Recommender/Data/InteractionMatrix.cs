namespace ShowBot.Recommender.Data;

/// <summary>
/// Binary user × item likes as a sparse matrix, stored twice: by user (CSR) for user-side work and by
/// item (CSC) for item-side work. Column indices within a row, and row indices within a column, are
/// sorted ascending and unique. Immutable.
/// </summary>
public sealed class InteractionMatrix
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly int[] _columnPointers;
    private readonly int[] _rowIndices;

    private InteractionMatrix(ExternalIdMap users, ExternalIdMap items, int[] rowPointers, int[] columnIndices)
    {
        Users = users;
        Items = items;
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
        (_columnPointers, _rowIndices) = Transpose(rowPointers, columnIndices, items.Count);
    }

    /// <summary>Row (user) ids.</summary>
    public ExternalIdMap Users { get; }

    /// <summary>Column (item) ids.</summary>
    public ExternalIdMap Items { get; }

    /// <summary>Number of users (rows).</summary>
    public int UserCount => Users.Count;

    /// <summary>Number of items (columns).</summary>
    public int ItemCount => Items.Count;

    /// <summary>Number of likes (non-zero cells).</summary>
    public int LikeCount => _columnIndices.Length;

    /// <summary>CSR row pointers: the likes of user <c>u</c> are <c>ColumnIndices[RowPointers[u]..RowPointers[u+1]]</c>.</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>CSR column indices (item ids), sorted within each row.</summary>
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;

    /// <summary>CSC column pointers: the users who like item <c>i</c> are <c>RowIndices[ColumnPointers[i]..ColumnPointers[i+1]]</c>.</summary>
    public ReadOnlySpan<int> ColumnPointers => _columnPointers;

    /// <summary>CSC row indices (user ids), sorted within each column.</summary>
    public ReadOnlySpan<int> RowIndices => _rowIndices;

    /// <summary>The dense item ids a user likes, ascending.</summary>
    public ReadOnlySpan<int> ItemsLikedBy(int user)
    {
        return _columnIndices.AsSpan(_rowPointers[user], _rowPointers[user + 1] - _rowPointers[user]);
    }

    /// <summary>The dense user ids who like an item, ascending.</summary>
    public ReadOnlySpan<int> UsersWhoLike(int item)
    {
        return _rowIndices.AsSpan(_columnPointers[item], _columnPointers[item + 1] - _columnPointers[item]);
    }

    /// <summary>Number of users who like each item.</summary>
    public int[] ItemLikeCounts()
    {
        var counts = new int[ItemCount];
        for (var item = 0; item < counts.Length; item++)
        {
            counts[item] = _columnPointers[item + 1] - _columnPointers[item];
        }

        return counts;
    }

    /// <summary>Builds the matrix from (user, item) like pairs with external ids; duplicates count once.</summary>
    public static InteractionMatrix FromLikes(IEnumerable<(string User, string Item)> likes)
    {
        ArgumentNullException.ThrowIfNull(likes);
        ExternalIdMap users = new();
        ExternalIdMap items = new();
        List<(int User, int Item)> densePairs = [];
        foreach ((var user, var item) in likes)
        {
            densePairs.Add((users.GetOrAdd(user), items.GetOrAdd(item)));
        }

        return FromDenseLikes(users, items, densePairs);
    }

    /// <summary>
    /// Builds the matrix from ratings, keeping a rating as a like when it is at least <paramref name="likeThreshold"/>.
    /// Users and items that have ratings but no likes are not part of the matrix.
    /// </summary>
    public static InteractionMatrix FromRatings(IEnumerable<RatingRecord> ratings, float likeThreshold)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        return FromLikes(ratings.Where(r => r.Rating >= likeThreshold).Select(r => (r.UserId, r.ItemId)));
    }

    /// <summary>
    /// Builds the matrix from dense (user, item) pairs over given id maps; duplicates count once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A pair names a user or item outside the maps.</exception>
    public static InteractionMatrix FromDenseLikes(ExternalIdMap users, ExternalIdMap items, IEnumerable<(int User, int Item)> likes)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(likes);

        List<long> keys = [];
        foreach ((var user, var item) in likes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(user);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(user, users.Count);
            ArgumentOutOfRangeException.ThrowIfNegative(item);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, items.Count);
            keys.Add(((long)user << 32) | (uint)item);
        }

        keys.Sort();
        var rowPointers = new int[users.Count + 1];
        List<int> columnIndices = new(keys.Count);
        long previous = -1;
        foreach (var key in keys)
        {
            if (key == previous)
            {
                continue;
            }

            previous = key;
            rowPointers[(int)(key >> 32) + 1]++;
            columnIndices.Add((int)(key & 0xFFFF_FFFF));
        }

        for (var user = 0; user < users.Count; user++)
        {
            rowPointers[user + 1] += rowPointers[user];
        }

        return new InteractionMatrix(users, items, rowPointers, [.. columnIndices]);
    }

    private static (int[] ColumnPointers, int[] RowIndices) Transpose(int[] rowPointers, int[] columnIndices, int columnCount)
    {
        var columnPointers = new int[columnCount + 1];
        foreach (var column in columnIndices)
        {
            columnPointers[column + 1]++;
        }

        for (var column = 0; column < columnCount; column++)
        {
            columnPointers[column + 1] += columnPointers[column];
        }

        var next = columnPointers[..^1];
        var rowIndices = new int[columnIndices.Length];
        for (var row = 0; row < rowPointers.Length - 1; row++)
        {
            for (var k = rowPointers[row]; k < rowPointers[row + 1]; k++)
            {
                rowIndices[next[columnIndices[k]]++] = row;
            }
        }

        return (columnPointers, rowIndices);
    }
}
