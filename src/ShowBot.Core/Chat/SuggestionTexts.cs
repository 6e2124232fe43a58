namespace ShowBot.Core.Chat;

/// <summary>
/// The texts of a suggestion list as a platform shows them (already escaped), one entry per suggestion, so a renderer
/// can cut the list to its platform's limits in one agreed order.
/// </summary>
public sealed record SuggestionTexts(IReadOnlyList<string> Titles, IReadOnlyList<string> Genres, IReadOnlyList<string> Explanations, IReadOnlyList<string> Premises)
{
    /// <summary>A premise or explanation is first cut to no less than this before any is cut further.</summary>
    public const int ShortLine = 80;

    /// <summary>A title is never cut below this.</summary>
    public const int ShortTitle = 12;

    /// <summary>
    /// The texts cut, longest first, until <paramref name="length"/> of them is at most <paramref name="room"/>: premises,
    /// then explanations, each to no less than <see cref="ShortLine"/>; then both as far as needed (to nothing); then
    /// genres; then titles, to no less than <see cref="ShortTitle"/>. What is short enough is left as it is.
    /// </summary>
    public SuggestionTexts FitInto(int room, Func<SuggestionTexts, int> length)
    {
        ArgumentNullException.ThrowIfNull(length);
        if (length(this) <= room)
        {
            return this;
        }

        var texts = this;
        texts = texts with { Premises = DisplayText.Shorten(texts.Premises, length(texts) - room, ShortLine) };
        texts = texts with { Explanations = DisplayText.Shorten(texts.Explanations, length(texts) - room, ShortLine) };
        texts = texts with { Premises = DisplayText.Shorten(texts.Premises, length(texts) - room, 0) };
        texts = texts with { Explanations = DisplayText.Shorten(texts.Explanations, length(texts) - room, 0) };
        texts = texts with { Genres = DisplayText.Shorten(texts.Genres, length(texts) - room, 0) };
        return texts with { Titles = DisplayText.Shorten(texts.Titles, length(texts) - room, ShortTitle) };
    }
}
