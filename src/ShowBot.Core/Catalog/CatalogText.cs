using ShowBot.Core.Text;

namespace ShowBot.Core.Catalog;

/// <summary>
/// Titles, aliases and genres come from files anyone can edit, and from databases filled before these were cleaned:
/// each is kept as one clean line (<see cref="UntrustedText.Line"/>), trimmed.
/// </summary>
internal static class CatalogText
{
    /// <summary>Why an import skips a row whose title is nothing but control, invisible or broken characters.</summary>
    public const string NothingLeftOfTitle = "the title holds only control, invisible or invalid characters";

    /// <summary>The show with clean text (the same instance when it was clean), or null when nothing is left of its title.</summary>
    public static Show? Clean(Show show)
    {
        var title = UntrustedText.Line(show.Title).Trim();
        if (title.Length == 0)
        {
            return null;
        }

        if (ReferenceEquals(title, show.Title) && show.Aliases.All(IsClean) && show.Genres.All(IsClean))
        {
            return show;
        }

        return show with
        {
            Title = title,
            Genres = CleanList(show.Genres),
            Aliases = CleanList(show.Aliases),
        };
    }

    private static bool IsClean(string text) => ReferenceEquals(UntrustedText.Line(text).Trim(), text) && text.Length > 0;

    private static List<string> CleanList(IEnumerable<string> values) =>
        values.Select(v => UntrustedText.Line(v).Trim()).Where(v => v.Length > 0).ToList();
}
