namespace ShowBot.Core.Catalog;

/// <summary>Finds the catalog genre a person meant: any case, with or without spaces and dashes, common other names.</summary>
public static class GenreNames
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["sciencefiction"] = "scifi",
        ["reality"] = "realitytv",
        ["doc"] = "documentary",
        ["docs"] = "documentary",
        ["documentaries"] = "documentary",
        ["comedies"] = "comedy",
        ["mysteries"] = "mystery",
        ["cartoon"] = "animation",
        ["cartoons"] = "animation",
        ["anime"] = "animation",
        ["animated"] = "animation",
        ["romcom"] = "romance",
        ["sports"] = "sport",
        ["gameshow"] = "gameshow",
        ["talkshow"] = "talkshow",
    };

    /// <summary>The genre of <paramref name="genres"/> that <paramref name="typed"/> names, or null.</summary>
    public static string? Resolve(IEnumerable<string> genres, string typed)
    {
        ArgumentNullException.ThrowIfNull(genres);
        var key = Key(typed ?? "");
        key = Aliases.GetValueOrDefault(key, key);
        var known = genres.ToList();
        return known.FirstOrDefault(g => Key(g) == key)
            ?? (key.EndsWith('s') ? known.FirstOrDefault(g => Key(g) == key[..^1]) : null);
    }

    private static string Key(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
