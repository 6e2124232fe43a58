using Microsoft.Extensions.Options;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Core.Text;
using ShowBot.Core.Titles;

namespace ShowBot.Core.Commands;

/// <summary>
/// The use cases behind every chat command, shared by all platforms: each adapter translates its platform's
/// payload into a call here and renders the <see cref="Reply"/> it gets back.
/// </summary>
public sealed class CommandHandler(
    ShowCatalog catalog,
    IPredictionQueue queue,
    PredictionSignal signal,
    IRatingStore ratings,
    IPersonalDataEraser eraser,
    IOptions<RecommendationOptions> options,
    TimeProvider time,
    RequestInterpreter interpreter)
{
    private readonly RecommendationOptions limits = options.Value;

    /// <summary>
    /// Resolves the titles and queues the recommendation. What was typed is cleaned first (<see cref="UntrustedText"/>),
    /// as it is by every command here. Text that is not a title is read as a request in words
    /// ("a cozy British murder mystery", "something like Severance but funnier"); a genre with no titles browses the
    /// best shows of that genre. Titles that match nothing with confidence are reported with "did you mean"
    /// candidates; when nothing is understood, nothing is queued.
    /// </summary>
    public CommandResult Recommend(RecommendCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command = command with
        {
            // Line breaks stay: they separate titles in a pasted list.
            Titles = [.. command.Titles.Select(UntrustedText.Lines)],
            Genre = command.Genre is null ? null : UntrustedText.Line(command.Genre),
        };
        var genre = command.Genre is null ? null : GenreNames.Resolve(catalog.Genres, command.Genre);
        if (command.Genre is not null && genre is null)
        {
            return CommandResult.NotQueued(new TextReply($"I don't know the genre \"{command.Genre}\". Genres: {string.Join(", ", catalog.Genres)}."));
        }

        var typed = command.Titles
            .SelectMany(t => catalog.Matcher.FindById(t) is not null ? [t] : catalog.Matcher.SplitList(t))
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .ToList();
        if (typed.Count == 0)
        {
            return genre is null
                ? CommandResult.NotQueued(new TextReply("Tell me a few shows you like, e.g. `Breaking Bad, The Wire`, or describe what you want, e.g. `a cozy British murder mystery`."))
                : Queue(command, [], new Criteria([], null, null, genre), []);
        }

        var notes = new List<string>();
        if (typed.Count > limits.MaxTitles)
        {
            notes.Add($"I read the first {limits.MaxTitles} titles only.");
            typed = typed.Take(limits.MaxTitles).ToList();
        }

        var matches = typed.Select(catalog.Matcher.Match).ToList();
        var resolved = matches.Where(m => m.IsResolved).Select(m => m.Best!).DistinctBy(s => s.Id).ToList();
        notes.AddRange(matches.Where(m => m.Outcome == MatchOutcome.Favourite).Select(DescribeFavourite));
        var unresolved = matches.Where(m => !m.IsResolved).ToList();
        if (unresolved.Count > 0)
        {
            // Text that names no show at all may be a request in words; a title that fits several shows is a title.
            var notTitles = unresolved.Where(m => m.Outcome is MatchOutcome.NotFound).ToList();
            var words = notTitles.Count == 0 ? null : interpreter.Interpret(string.Join(", ", notTitles.Select(m => m.Query)));
            if (words is { IsUnderstood: true })
            {
                notes.AddRange(unresolved.Except(notTitles).Select(UnresolvedTitle.From).Concat(words.Unresolved).Select(DescribeSkipped));
                var criteria = new Criteria(words.Wanted, words.FromYear, words.ToYear, genre) { Description = words.Understood.Count == 0 ? null : string.Join(", ", words.Understood) };
                return Queue(command, [.. resolved, .. words.References.Where(r => !resolved.Contains(r))], criteria, notes);
            }

            if (resolved.Count == 0)
            {
                var didYouMean = new DidYouMeanReply(unresolved.Select(UnresolvedTitle.From).ToList());
                return CommandResult.NotQueued(didYouMean with { Actions = ChatActions.PickToRecommend(didYouMean, command.Count, genre) });
            }

            notes.AddRange(unresolved.Select(UnresolvedTitle.From).Select(DescribeSkipped));
        }

        return Queue(command, resolved, new Criteria([], null, null, genre), notes);
    }

    /// <summary>Records a like or dislike given by title (the /rate command).</summary>
    public Reply Rate(UserKey user, string title, RatingKind kind)
    {
        var match = catalog.Matcher.Match(UntrustedText.Line(title ?? ""));
        if (!match.IsResolved)
        {
            var didYouMean = new DidYouMeanReply([UnresolvedTitle.From(match)]);
            return didYouMean with { Actions = ChatActions.PickToRate(didYouMean, kind) };
        }

        ratings.Upsert(new Rating(user, match.Best!.Id, kind, RatingSource.Command, time.GetUtcNow()));
        var verb = kind == RatingKind.Like ? "like" : "don't like";
        var other = match.Outcome == MatchOutcome.Favourite ? " " + DescribeFavourite(match) : "";
        return new TextReply($"Noted: you {verb} {match.Best.Title} ({match.Best.Years}).{other}");
    }

    /// <summary>What the person liked and disliked so far.</summary>
    public Reply Likes(UserKey user)
    {
        var rated = ratings.ForUser(user);
        IReadOnlyList<Show> Of(RatingKind kind) => rated.Where(r => r.Kind == kind).Select(r => catalog.Find(r.ShowId)).OfType<Show>().ToList();
        return new LikesReply(Of(RatingKind.Like), Of(RatingKind.Dislike));
    }

    /// <summary>
    /// Says what forget-me would erase and asks first: the reply carries a confirm and a cancel control (on the console,
    /// <c>/forget-me confirm</c>). Nothing is erased here.
    /// </summary>
    public Reply ForgetMe(UserKey user)
    {
        var held = eraser.Held(user);
        return new TextReply(
            $"This deletes everything ShowBot stored about you: {held.Ratings} rating(s) with their history, {held.Lists} suggestion list(s) and {held.Requests} request(s). It can't be undone. Delete it all?")
        {
            Actions =
            [
                new ReplyAction(ChatActions.ConfirmForgetMe(user), "Delete it all", ActionStyle.Danger) { Typed = new TypedAction(CommandCatalog.ForgetMe, "confirm") },
                new ReplyAction(ChatActions.CancelForgetMe(user), "Keep it", ActionStyle.Secondary),
            ],
        };
    }

    /// <summary>Erases everything ShowBot stored about the person (ratings and their history, requests, lists) and says exactly what.</summary>
    public Reply ForgetMeConfirmed(UserKey user)
    {
        var erased = eraser.Erase(user, time.GetUtcNow());
        return erased is { Ratings: 0, Lists: 0, Requests: 0 }
            ? new TextReply("Nothing to delete: I hold no ratings, suggestion lists or requests of yours (already forgotten?).")
            : new TextReply($"Done: I deleted {erased.Ratings} rating(s), {erased.Lists} suggestion list(s) and {erased.Requests} request(s) of yours.");
    }

    private CommandResult Queue(RecommendCommand command, List<Show> shows, Criteria criteria, List<string> notes)
    {
        var request = new PredictionRequest(
            command.CommandId,
            command.User,
            shows.Select(s => s.Id).ToList(),
            Math.Clamp(command.Count ?? limits.DefaultCount, 1, limits.MaxCount),
            command.Target,
            time.GetUtcNow())
        {
            Genre = criteria.Genre,
            Wanted = criteria.Wanted,
            FromYear = criteria.FromYear,
            ToYear = criteria.ToYear,
            Description = criteria.Description ?? (shows.Count == 0 ? criteria.Genre : null),
            Notes = notes,
        };

        var liked = string.Join(", ", shows.Select(s => s.Title));
        var skipped = notes.Count > 0 ? " " + string.Join(" ", notes) : "";
        var ack = (shows.Count, request.Description) switch
        {
            (0, { } asked) => new TextReply($"Looking for the best shows that fit: {asked}…{skipped}"),
            (0, null) => new TextReply($"Looking for the best shows…{skipped}"),
            (_, null) => new TextReply($"Looking for shows like {liked}…{skipped}"),
            (_, { } asked) => new TextReply($"Looking for shows like {liked} ({asked})…{skipped}"),
        };
        return CommandResult.Queue(request, ack, queue, signal);
    }

    private sealed record Criteria(IReadOnlyList<string> Wanted, int? FromYear, int? ToYear, string? Genre)
    {
        public string? Description { get; init; }
    }

    /// <summary>"I took Battlestar Galactica (2004–2009), the best known; for the 1978 one, ask for "Battlestar Galactica (1978)"."</summary>
    private static string DescribeFavourite(TitleMatch match)
    {
        var others = match.Alternatives.Take(2).Select(s => s.StartYear is { } year ? $"\"{s.Title} ({year})\"" : s.Id).ToList();
        return $"I took {match.Best!.Title} ({match.Best.Years}), the best known; for another, ask for {string.Join(" or ", others)}.";
    }

    private static string DescribeSkipped(UnresolvedTitle title) =>
        title.Candidates.Count == 0
            ? $"I couldn't find \"{title.Typed}\"."
            : $"I skipped \"{title.Typed}\": did you mean {string.Join(" or ", title.Candidates.Take(3).Select(c => $"{c.Title} ({c.Years})"))}?";
}
