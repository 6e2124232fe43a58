using ShowBot.Core.Catalog;

namespace ShowBot.Core.Tests.Fakes;

/// <summary>A small catalog of real shows with their real IMDb ids, genres and rough vote counts.</summary>
internal static class SampleCatalog
{
    public static readonly Show BreakingBad = new("tt0903747", "Breaking Bad", 2008, 2013, ["Crime", "Drama", "Thriller"], 9.5, 2_000_000);
    public static readonly Show BetterCallSaul = new("tt3032476", "Better Call Saul", 2015, 2022, ["Crime", "Drama"], 9.0, 700_000) { Aliases = ["BCS"] };
    public static readonly Show TheWire = new("tt0306414", "The Wire", 2002, 2008, ["Crime", "Drama", "Thriller"], 9.3, 380_000);
    public static readonly Show Fargo = new("tt2802850", "Fargo", 2014, null, ["Crime", "Drama", "Thriller"], 8.9, 420_000);
    public static readonly Show OfficeUs = new("tt0386676", "The Office", 2005, 2013, ["Comedy"], 9.0, 700_000);
    public static readonly Show OfficeUk = new("tt0290978", "The Office", 2001, 2003, ["Comedy"], 8.5, 140_000);
    public static readonly Show Friends = new("tt0108778", "Friends", 1994, 2004, ["Comedy", "Romance"], 8.9, 1_050_000);
    public static readonly Show ParksAndRecreation = new("tt1266020", "Parks and Recreation", 2009, 2015, ["Comedy"], 8.6, 300_000);
    public static readonly Show GameOfThrones = new("tt0944947", "Game of Thrones", 2011, 2019, ["Action", "Adventure", "Drama"], 9.2, 2_200_000) { Aliases = ["GoT"] };
    public static readonly Show Narcos = new("tt2707408", "Narcos", 2015, 2017, ["Biography", "Crime", "Drama"], 8.8, 450_000);
    public static readonly Show Ozark = new("tt5071412", "Ozark", 2017, 2022, ["Crime", "Drama", "Thriller"], 8.5, 380_000);
    public static readonly Show PlanetEarth = new("tt0795176", "Planet Earth", 2006, 2006, ["Documentary", "Family"], 9.4, 220_000);

    public static IReadOnlyList<Show> All { get; } =
        [BreakingBad, BetterCallSaul, TheWire, Fargo, OfficeUs, OfficeUk, Friends, ParksAndRecreation, GameOfThrones, Narcos, Ozark, PlanetEarth];

    public static ShowCatalog Catalog() => new(All);
}
