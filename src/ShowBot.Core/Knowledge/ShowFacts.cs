namespace ShowBot.Core.Knowledge;

/// <summary>What the ShowBot team wrote about one show. Empty fields mean "not sure", never "none".</summary>
/// <param name="Id">IMDb id (<c>tt…</c>).</param>
/// <param name="Title">The title as the knowledge file names it (the catalog's is authoritative).</param>
public sealed record ShowFacts(string Id, string Title)
{
    /// <summary>Creators or showrunners.</summary>
    public IReadOnlyList<string> Creators { get; init; } = [];

    /// <summary>Original network or platform.</summary>
    public string? Network { get; init; }

    /// <summary>ISO 3166-1 alpha-2 codes of the producing countries, main one first.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>ISO 639-1 code of the original language.</summary>
    public string? Language { get; init; }

    /// <summary>One or two formats: <c>sitcom</c>, <c>procedural</c>, <c>anime</c>…</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>Tags from the controlled vocabulary, most defining first.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Relations to other built-in shows.</summary>
    public IReadOnlyList<ShowLink> Links { get; init; } = [];

    /// <summary>
    /// Who made the work the show adapts: a book's author ("Stephen King"), an American comic's publisher
    /// ("Marvel Comics"), a manga's author, a game's studio, a film's writers.
    /// </summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>
    /// Who a fan sees in it: the leads of a scripted show, the hosts of an unscripted one, the principal voices of a
    /// Western cartoon (none written for anime, whose voices differ by dub).
    /// </summary>
    public IReadOnlyList<string> Cast { get; init; } = [];

    /// <summary>One sentence on what the show is about.</summary>
    public string Premise { get; init; } = "";
}

/// <summary>A relation from a show to another: <c>spin-off-of</c>, <c>sequel-to</c>, <c>prequel-to</c>, <c>remake-of</c>, <c>franchise</c>.</summary>
public sealed record ShowLink(string Kind, string TargetId)
{
    /// <summary>Every kind a knowledge file may use.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(["spin-off-of", "sequel-to", "prequel-to", "remake-of", "franchise"], StringComparer.Ordinal);
}

/// <summary>A tag of the controlled vocabulary.</summary>
/// <param name="Name">The tag as written in the knowledge files (<c>dark-comedy</c>).</param>
/// <param name="Category">tone, theme, setting, era, audience or style.</param>
/// <param name="Meaning">What it means, for whoever tags a show.</param>
/// <param name="Words">Words people use for it in a request ("darkly funny", "black comedy").</param>
public sealed record Tag(string Name, string Category, string Meaning, IReadOnlyList<string> Words)
{
    /// <summary>How a person reads the tag: <c>dark comedy</c>.</summary>
    public string Display => Name.Replace('-', ' ');
}
