using ShowBot.Core.Catalog;
using ShowBot.Core.Titles;

namespace ShowBot.Core.Tests.Titles;

/// <summary>Real shows with their real IMDb ids, years and (rounded) vote counts, for golden tables.</summary>
internal static class TestCatalog
{
    public const string BreakingBad = "tt0903747";
    public const string TheWire = "tt0306414";
    public const string OfficeUs = "tt0386676";
    public const string OfficeUk = "tt0290978";
    public const string Fargo = "tt2802850";
    public const string LoveDeathRobots = "tt9561862";
    public const string LawAndOrder = "tt0098844";
    public const string LawAndOrderSvu = "tt0203259";
    public const string MorkAndMindy = "tt0077053";
    public const string RickAndMorty = "tt2861424";
    public const string Futurama = "tt0149460";
    public const string GameOfThrones = "tt0944947";
    public const string Pokemon = "tt0168366";
    public const string Elite = "tt7134908";
    public const string BetterCallSaul = "tt3032476";
    public const string DoctorWho2005 = "tt0436992";
    public const string DoctorWho1963 = "tt0056751";
    public const string StrangerThings = "tt4574334";
    public const string StrangerThings2008 = "tt1460534";
    public const string Sherlock = "tt1475582";
    public const string Space1999 = "tt0072564";
    public const string TwentyFour = "tt0285331";
    public const string GreysAnatomy = "tt0413573";
    public const string Swat2017 = "tt6111130";
    public const string ADifferentWorld = "tt0092339";
    public const string PrisonBreak = "tt0455275";
    public const string BreakingBadMinisodes = "tt2387761";
    public const string Love = "tt4061080";
    public const string TheSimpsons = "tt0096697";
    public const string HouseOfCards = "tt1856010";
    public const string OnePiece1999 = "tt0388629";
    public const string OnePiece2023 = "tt11737520";

    public static IReadOnlyList<Show> Shows { get; } =
    [
        Show(BreakingBad, "Breaking Bad", 2008, 2013, 2_064_740),
        Show(TheWire, "The Wire", 2002, 2008, 365_563),
        Show(OfficeUs, "The Office", 2005, 2013, 677_881),
        Show(OfficeUk, "The Office", 2001, 2003, 120_272),
        Show(Fargo, "Fargo", 2014, null, 393_366),
        Show(LoveDeathRobots, "Love, Death & Robots", 2019, null, 188_086),
        Show(LawAndOrder, "Law & Order", 1990, null, 42_550),
        Show(LawAndOrderSvu, "Law & Order: Special Victims Unit", 1999, null, 118_936),
        Show(MorkAndMindy, "Mork & Mindy", 1978, 1982, 12_352),
        Show(RickAndMorty, "Rick and Morty", 2013, null, 578_256),
        Show(Futurama, "Futurama", 1999, null, 256_047),
        Show(GameOfThrones, "Game of Thrones", 2011, 2019, 2_224_679) with { Aliases = ["GoT"] },
        Show(Pokemon, "Pokémon", 1997, 2023, 46_409),
        Show(Elite, "Élite", 2018, 2024, 88_451),
        Show(BetterCallSaul, "Better Call Saul", 2015, 2022, 616_691) with { Aliases = ["BCS"] },
        Show(DoctorWho2005, "Doctor Who", 2005, null, 237_313),
        Show(DoctorWho1963, "Doctor Who", 1963, 1989, 38_674),
        Show(StrangerThings, "Stranger Things", 2016, 2025, 1_291_998),
        Show(StrangerThings2008, "Stranger Things", 2008, 2009, 670),
        Show(Sherlock, "Sherlock", 2010, 2017, 974_486),
        Show(Space1999, "Space: 1999", 1975, 1977, 9_153),
        Show(TwentyFour, "24", 2001, 2010, 194_380),
        Show(GreysAnatomy, "Grey's Anatomy", 2005, null, 332_270),
        Show(Swat2017, "S.W.A.T.", 2017, 2024, 30_170),
        Show(ADifferentWorld, "A Different World", 1987, 1993, 7_659),
        Show(PrisonBreak, "Prison Break", 2005, 2017, 567_160),
        Show(BreakingBadMinisodes, "Breaking Bad: Original Minisodes", 2009, 2011, 1_592),
        Show(Love, "Love", 2016, 2018, 45_205),
        Show(TheSimpsons, "The Simpsons", 1989, null, 428_137),
        Show(HouseOfCards, "House of Cards", 2013, 2018, 523_401),
        Show(OnePiece1999, "One Piece", 1999, null, 250_000),
        Show(OnePiece2023, "One Piece", 2023, null, 150_000),
    ];

    public static TitleMatcher Matcher { get; } = new(Shows);

    private static Show Show(string id, string title, int start, int? end, long votes) =>
        new(id, title, start, end, ["Drama"], 8.0, votes);
}
