namespace ShowBot.Recommender.Content;

/// <summary>The dense items of a query for a content model: the liked ones it knows, and those never to return.</summary>
internal static class QueryItems
{
    public static (int[] Liked, HashSet<int> Excluded) Resolve(Dictionary<string, int> indexOf, IReadOnlyCollection<string> liked, IReadOnlyCollection<string> disliked)
    {
        var known = liked.Select(id => indexOf.TryGetValue(id, out var i) ? i : -1).Where(i => i >= 0).Distinct().ToArray();
        var excluded = new HashSet<int>(known);
        foreach (var id in disliked)
        {
            if (indexOf.TryGetValue(id, out var i))
            {
                excluded.Add(i);
            }
        }

        return (known, excluded);
    }
}
