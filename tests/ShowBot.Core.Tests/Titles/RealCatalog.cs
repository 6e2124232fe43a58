using ShowBot.Core.Catalog;
using ShowBot.Core.Titles;

namespace ShowBot.Core.Tests.Titles;

/// <summary>
/// The built-in catalog of 1,702 real series with Titles/Fixtures/namesakes.csv added: a few more shows and namesakes
/// (two more versions of The Office), so that namesakes and near-misses are as plentiful as in an imported IMDb catalog.
/// </summary>
public static class RealCatalog
{
    private static readonly Lazy<TitleMatcher> Shared = new(Load);

    public static TitleMatcher Matcher => Shared.Value;

    public static int ShowCount => CatalogCsv.BuiltIn().Count + Namesakes().Count;

    private static TitleMatcher Load() => new(CatalogCsv.BuiltIn().Concat(Namesakes()));

    private static List<Show> Namesakes()
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "Titles", "Fixtures", "namesakes.csv"));
        return [.. CatalogCsv.Read(reader).Select(row => row.Value ?? throw new InvalidDataException($"namesakes.csv line {row.LineNumber}: {row.Problem}"))];
    }
}
