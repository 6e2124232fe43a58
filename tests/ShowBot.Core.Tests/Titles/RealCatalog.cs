using ShowBot.Core.Catalog;
using ShowBot.Core.Titles;

namespace ShowBot.Core.Tests.Titles;

/// <summary>
/// The 11,651-show IMDb catalog that sits next to the repository (../shared/data/imdb-tv-shows/shows.csv),
/// found by walking up from the test assembly to the folder holding ShowBot.sln.
/// </summary>
public sealed class RealCatalog
{
    private static readonly Lazy<TitleMatcher?> Shared = new(Load);

    public static string? Path { get; } = Locate();

    public static TitleMatcher? Matcher => Shared.Value;

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ShowBot.sln")))
            {
                var path = System.IO.Path.Combine(dir.FullName, "..", "shared", "data", "imdb-tv-shows", "shows.csv");
                return File.Exists(path) ? System.IO.Path.GetFullPath(path) : null;
            }
        }

        return null;
    }

    private static TitleMatcher? Load()
    {
        if (Path is null)
        {
            return null;
        }

        using var reader = new StreamReader(Path);
        return new TitleMatcher(CatalogCsv.Read(reader).Where(r => r.Value is not null).Select(r => r.Value!));
    }
}

/// <summary>A fact that is skipped, saying why, when the real catalog is not next to the repository.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealCatalogFactAttribute : FactAttribute
{
    public RealCatalogFactAttribute()
    {
        if (RealCatalog.Path is null)
        {
            Skip = "../shared/data/imdb-tv-shows/shows.csv is not next to the repository";
        }
    }
}

/// <summary>A theory that is skipped, saying why, when the real catalog is not next to the repository.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealCatalogTheoryAttribute : TheoryAttribute
{
    public RealCatalogTheoryAttribute()
    {
        if (RealCatalog.Path is null)
        {
            Skip = "../shared/data/imdb-tv-shows/shows.csv is not next to the repository";
        }
    }
}
