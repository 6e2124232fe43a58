namespace ShowBot.Recommender.Data;

/// <summary>
/// A two-way map between external string ids (IMDb ids, data-set ids) and the dense ints
/// <c>0..Count-1</c> that models index arrays with. Dense ids are assigned in insertion order.
/// </summary>
public sealed class ExternalIdMap
{
    private readonly List<string> _externalIds;
    private readonly Dictionary<string, int> _denseIds;

    /// <summary>Creates an empty map.</summary>
    public ExternalIdMap()
    {
        _externalIds = [];
        _denseIds = new Dictionary<string, int>(StringComparer.Ordinal);
    }

    /// <summary>Creates a map whose dense id <c>i</c> is <paramref name="externalIds"/>[i].</summary>
    /// <exception cref="ArgumentException">An id occurs twice.</exception>
    public ExternalIdMap(IEnumerable<string> externalIds)
        : this()
    {
        ArgumentNullException.ThrowIfNull(externalIds);
        foreach (var id in externalIds)
        {
            if (!_denseIds.TryAdd(id, _externalIds.Count))
            {
                throw new ArgumentException($"Duplicate external id '{id}'.", nameof(externalIds));
            }

            _externalIds.Add(id);
        }
    }

    /// <summary>Number of ids in the map.</summary>
    public int Count => _externalIds.Count;

    /// <summary>The external ids in dense-id order.</summary>
    public IReadOnlyList<string> ExternalIds => _externalIds;

    /// <summary>The external id of a dense id.</summary>
    public string this[int denseId] => _externalIds[denseId];

    /// <summary>Returns the dense id of <paramref name="externalId"/>, adding it if it is new.</summary>
    /// <remarks>Internal so that a map held by a built model can never change under it.</remarks>
    internal int GetOrAdd(string externalId)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        if (_denseIds.TryGetValue(externalId, out var denseId))
        {
            return denseId;
        }

        denseId = _externalIds.Count;
        _denseIds.Add(externalId, denseId);
        _externalIds.Add(externalId);
        return denseId;
    }

    /// <summary>Looks up the dense id of <paramref name="externalId"/>.</summary>
    public bool TryGetDenseId(string externalId, out int denseId)
    {
        return _denseIds.TryGetValue(externalId, out denseId);
    }
}
