using System.Reflection;

namespace ShowBot.Core.Knowledge;

/// <summary>
/// The show knowledge shipped inside ShowBot.Core (<c>Knowledge/Data</c>): the tag vocabulary and the facts of every
/// built-in show. Immutable; <see cref="BuiltIn"/> is read once per process.
/// </summary>
public sealed class ShowKnowledge
{
    /// <summary>Every format a knowledge file may use.</summary>
    public static readonly IReadOnlySet<string> Formats = new HashSet<string>(
        ["sitcom", "comedy-drama", "procedural", "serialized-drama", "anthology", "limited-series", "soap-opera", "animated", "anime",
         "docuseries", "reality", "competition", "talk-show", "sketch-comedy", "game-show", "variety", "kids-series"],
        StringComparer.Ordinal);

    private static readonly string[] Columns = ["id", "title", "creators", "network", "country", "language", "format", "tags", "links", "source", "cast", "premise"];
    private static readonly Lazy<ShowKnowledge> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, ShowFacts> byId;

    /// <summary>Builds the knowledge from parsed parts; the first facts of a repeated id win.</summary>
    public ShowKnowledge(IEnumerable<Tag> tags, IEnumerable<ShowFacts> facts)
    {
        Tags = tags.ToList();
        Facts = facts.DistinctBy(f => f.Id, StringComparer.OrdinalIgnoreCase).ToList();
        byId = Facts.ToDictionary(f => f.Id, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The knowledge shipped in this assembly.</summary>
    public static ShowKnowledge BuiltIn => Embedded.Value;

    /// <summary>The controlled tag vocabulary.</summary>
    public IReadOnlyList<Tag> Tags { get; }

    /// <summary>The facts of every show that has them.</summary>
    public IReadOnlyList<ShowFacts> Facts { get; }

    /// <summary>The facts of a show, or null when nobody wrote any.</summary>
    public ShowFacts? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>Reads <c>tags.tsv</c>: tag, category, meaning, words (comma-separated).</summary>
    public static IEnumerable<Tag> ReadTags(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var (_, fields) in Rows(reader, source, ["tag", "category", "meaning", "words people use"]))
        {
            yield return new Tag(fields[0], fields[1], fields[2], List(fields[3], ','));
        }
    }

    /// <summary>Reads one <c>shows-NN.tsv</c>; a malformed row throws <see cref="InvalidDataException"/> naming the file and line.</summary>
    public static IEnumerable<ShowFacts> ReadFacts(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var (line, f) in Rows(reader, source, Columns))
        {
            var links = new List<ShowLink>();
            foreach (var link in List(f[8], ';'))
            {
                var colon = link.IndexOf(':', StringComparison.Ordinal);
                var (kind, target) = colon < 0 ? (link, "") : (link[..colon], link[(colon + 1)..]);
                if (!ShowLink.Kinds.Contains(kind) || !target.StartsWith("tt", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{source}:{line}: link \"{link}\" is not kind:ttID");
                }

                links.Add(new ShowLink(kind, target));
            }

            yield return new ShowFacts(f[0], f[1])
            {
                Creators = List(f[2], ';'),
                Network = Optional(f[3]),
                Countries = List(f[4], ';'),
                Language = Optional(f[5]),
                Formats = List(f[6], ';'),
                Tags = List(f[7], ';'),
                Links = links,
                Sources = List(f[9], ';'),
                Cast = List(f[10], ';'),
                Premise = f[11],
            };
        }
    }

    private static IEnumerable<(int Line, string[] Fields)> Rows(TextReader reader, string source, string[] header)
    {
        var first = reader.ReadLine();
        if (first is null || !first.Split('\t').SequenceEqual(header, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{source}:1: the header must be {string.Join(" | ", header)}");
        }

        var number = 1;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split('\t');
            if (fields.Length != header.Length)
            {
                throw new InvalidDataException($"{source}:{number}: expected {header.Length} tab-separated fields, found {fields.Length}");
            }

            yield return (number, fields.Select(x => x.Trim()).ToArray());
        }
    }

    private static string[] List(string field, char separator) =>
        field.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Optional(string field) => field.Length == 0 ? null : field;

    private static ShowKnowledge LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "ShowBot.Core.Knowledge.";
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        using var tagsReader = new StreamReader(assembly.GetManifestResourceStream(prefix + "tags.tsv")
            ?? throw new InvalidOperationException("The tag vocabulary resource is missing from ShowBot.Core."));
        var tags = ReadTags(tagsReader, "tags.tsv").ToList();
        var facts = new List<ShowFacts>();
        foreach (var name in names.Where(n => n.StartsWith(prefix + "shows-", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            facts.AddRange(ReadFacts(reader, name[prefix.Length..]));
        }

        return new ShowKnowledge(tags, facts);
    }
}
