namespace ShowBot.Recommender.Content;

/// <summary>One fact about an item that another item can share: <c>tag:dark</c>, <c>creator:Vince Gilligan</c>.</summary>
/// <param name="Kind">What sort of fact (<c>tag</c>, <c>creator</c>, <c>network</c>, <c>genre</c>…); each kind has its own weight.</param>
/// <param name="Value">The fact itself, compared without regard to case.</param>
public readonly record struct ContentFeature(string Kind, string Value)
{
    /// <summary>The kind of evidence that names a relation between two items (value: the relation, e.g. <c>spin-off-of</c>).</summary>
    public const string LinkKind = "link";

    /// <inheritdoc />
    public override string ToString() => $"{Kind}:{Value}";
}

/// <summary>What the knowledge model knows of an item.</summary>
/// <param name="Id">External id.</param>
/// <param name="Features">Its facts; an item with none is ranked by its prior alone.</param>
/// <param name="Popularity">A popularity count such as votes; log-scaled into the prior.</param>
public sealed record ContentItem(string Id, IReadOnlyList<ContentFeature> Features, double Popularity)
{
    /// <summary>Average rating on a 0–10 scale, when known; part of the prior.</summary>
    public double? Quality { get; init; }

    /// <summary>
    /// How fully the item is described, 0..1: its likeness to liked items is scaled by it, so an item known only by a
    /// few coarse facts (genres and a year) does not outrank one whose many facts were compared.
    /// </summary>
    public double Certainty { get; init; } = 1;

    /// <summary>The year it started, when known; items close in time are a little more alike.</summary>
    public int? Year { get; init; }

    /// <summary>
    /// For how many years it ran (a series still running: so far), when known: a show cancelled in its first year and
    /// one that ran for ten are seldom liked by the same people (<see cref="ContentWeights.RunLength"/>).
    /// </summary>
    public int? RunYears { get; init; }
}

/// <summary>
/// A known relation between two items, read from <paramref name="FromId"/>'s side: <c>spin-off-of</c>,
/// <c>sequel-to</c>, <c>prequel-to</c>, <c>remake-of</c> or <c>franchise</c>. The reverse relation is implied.
/// </summary>
public sealed record ContentLink(string FromId, string ToId, string Kind)
{
    /// <summary>The relation as seen from the other side (<c>spin-off-of</c> ↔ <c>has-spin-off</c>…).</summary>
    public static string Reverse(string kind) => kind switch
    {
        "spin-off-of" => "has-spin-off",
        "has-spin-off" => "spin-off-of",
        "sequel-to" => "has-sequel",
        "has-sequel" => "sequel-to",
        "prequel-to" => "has-prequel",
        "has-prequel" => "prequel-to",
        "remake-of" => "remade-as",
        "remade-as" => "remake-of",
        _ => kind,
    };
}

/// <summary>How much each sort of evidence counts in the knowledge model. The defaults are the tuned ones.</summary>
public sealed record ContentWeights
{
    /// <summary>
    /// Weight of each feature kind inside the IDF-weighted cosine: what two items sharing all of that kind's facts
    /// gain; a kind not listed counts 1.
    /// </summary>
    public IReadOnlyDictionary<string, float> Kinds { get; init; } = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase)
    {
        ["tag"] = 2.0f,
        ["audience"] = 2.1f,
        ["lead"] = 0f, // asked for in words only: it made likeness no better (Recommender README)
        ["creator"] = 0.8f,
        ["network"] = 1.0f,
        ["genre"] = 1.3f,
        ["format"] = 1.5f,
        ["language"] = 0.86f,
        ["country"] = 1.6f,
        ["source"] = 0.5f,
        ["cast"] = 0f, // a bonus per person shared (SharedBonus): most shows share no one, and a block of names diluted the rest
        ["nature"] = 0f, // scripted or not, animated or not: held apart by a clash or a requirement, not compared
        ["form"] = 0f,
    };

    /// <summary>
    /// How far each kind's block of features is scaled to one size before its weight applies: 0 keeps the raw IDF
    /// (an item's many tags then outweigh its one network), 1 makes every kind count by its weight alone.
    /// </summary>
    public float KindNormalization { get; init; } = 0.5f;

    /// <summary>
    /// The power of each feature's IDF, <c>ln(1 + N / df)</c>: below 1, a fact many shows have (a common tag, the
    /// Drama genre, a big network) counts a little more against a rare one, so that one rare fact in common does not
    /// outweigh several common ones.
    /// </summary>
    public float IdfPower { get; init; } = 0.8f;

    /// <summary>Bonus for a direct relation, by kind as read from the candidate's side.</summary>
    public IReadOnlyDictionary<string, float> Links { get; init; } = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase)
    {
        ["spin-off-of"] = 0.6f,
        ["has-spin-off"] = 0.6f,
        ["sequel-to"] = 0.6f,
        ["has-sequel"] = 0.6f,
        ["prequel-to"] = 0.6f,
        ["has-prequel"] = 0.6f,
        ["franchise"] = 0.45f,
        ["remake-of"] = 0.2f,
        ["remade-as"] = 0.2f,
    };

    /// <summary>
    /// Facts that never go together, whichever side has which (<c>audience:kids</c> and <c>audience:adult</c>): a
    /// candidate with one, for a liked item with the other, loses <see cref="ClashPenalty"/>.
    /// </summary>
    public IReadOnlyList<(ContentFeature A, ContentFeature B)> Clashes { get; init; } = [];

    /// <summary>
    /// What a liked item with a fact brings only with one of others (<c>audience:kids</c> brings only
    /// <c>audience:kids</c> or <c>audience:family-friendly</c>): a candidate with none of them loses
    /// <c>Penalty</c> (the <see cref="ClashPenalty"/> when null), so an item not known to suit is never put beside one
    /// that needs it, or, with a smaller penalty, only when it is very like it.
    /// </summary>
    public IReadOnlyList<(ContentFeature Liked, IReadOnlyList<ContentFeature> AnyOf, float? Penalty)> Requirements { get; init; } = [];

    /// <summary>What a clash costs; larger than any similarity, so a clashing item comes last.</summary>
    public float ClashPenalty { get; init; } = 2f;

    /// <summary>Weight of closeness in start year, <c>exp(−|Δyears| / EraScale)</c>.</summary>
    public float Era { get; init; } = 0.35f;

    /// <summary>Years over which era closeness decays by e.</summary>
    public float EraScale { get; init; } = 7f;

    /// <summary>
    /// What a candidate loses per factor of ten it is better known (by popularity) than the liked item, beyond
    /// <see cref="NoveltyFreeRatio"/>: people call a show similar to one far less known than itself much less often
    /// than to its peers, and a hit that much better known is one the person has most likely heard of.
    /// </summary>
    public float Novelty { get; init; } = 0.5f;

    /// <summary>How many times as popular as the liked item a candidate may be before it loses anything.</summary>
    public float NoveltyFreeRatio { get; init; } = 2f;

    /// <summary>
    /// What a candidate loses per doubling of how much longer, or shorter, it ran than the liked item
    /// (<see cref="ContentItem.RunYears"/>): a one-season show and one of eight years are three doublings apart.
    /// </summary>
    public float RunLength { get; init; } = 0.03f;

    /// <summary>
    /// Kinds of fact whose sharing spares a candidate the <see cref="RunLength"/> loss: a creator's newer show has had
    /// less time to run, and the creator already says who watches it (Dark still brings 1899).
    /// </summary>
    public IReadOnlyList<string> RunLengthSparedBy { get; init; } = ["creator"];

    /// <summary>
    /// What a candidate loses per point its <see cref="ContentItem.Quality"/> is apart from the liked item's, beyond
    /// <see cref="RatingDistanceFree"/>, either way: a show rated 8.8 and one rated 6.5 are seldom named together.
    /// </summary>
    public float RatingDistance { get; init; } = 0.05f;

    /// <summary>How many points apart two ratings may be before <see cref="RatingDistance"/> costs anything.</summary>
    public float RatingDistanceFree { get; init; } = 0.5f;

    /// <summary>Weight of log-popularity (0..1) in the prior.</summary>
    public float Popularity { get; init; } = 0.019f;

    /// <summary>Weight of the rating (0..1 from 5 to 10) in the prior.</summary>
    public float Quality { get; init; } = 0.006f;

    /// <summary>Weight of what was asked for in words against the liked items, when both are given.</summary>
    public float Wanted { get; init; } = 0.6f;

    /// <summary>
    /// What each feature of these kinds that a candidate shares with the liked item adds, outside the cosine: the same
    /// actor in two shows is a reason to pair them, but a block of names every show has, seldom shared, would make
    /// each show less like all the others.
    /// </summary>
    public IReadOnlyDictionary<string, float> SharedBonus { get; init; } = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase)
    {
        ["cast"] = 0.1f,
    };
}

/// <summary>A content query: liked items and, from a request in words, features wanted.</summary>
/// <param name="Liked">External ids of the reference items; may be empty.</param>
/// <param name="Count">How many results.</param>
public sealed record ContentQuery(IReadOnlyCollection<string> Liked, int Count)
{
    /// <summary>
    /// What was asked for ("cozy", "British", "thriller"): each entry one thing, met by any of its features
    /// (a thriller is the Thriller genre or the suspenseful tag); each thing counts equally.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ContentFeature>> Wanted { get; init; } = [];

    /// <summary>External ids never to recommend.</summary>
    public IReadOnlyCollection<string> Disliked { get; init; } = [];

    /// <summary>Optional filter on external ids.</summary>
    public Func<string, bool>? Include { get; init; }

    /// <summary>The same question asked of the knowledge model: the shows liked and disliked, the count, the filter.</summary>
    public static ContentQuery From(RecommendationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(query.Liked, query.Count) { Disliked = query.Disliked, Include = query.Include };
    }

    /// <summary>
    /// Whether each suggestion carries its <see cref="Recommendation.Evidence"/>. A caller that keeps a few of many
    /// asks without it and then asks <see cref="KnowledgeModel.Evidence(string, string)"/> about the ones it keeps.
    /// </summary>
    public bool Explained { get; init; } = true;
}
