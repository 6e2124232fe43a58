using Microsoft.Extensions.Options;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
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
    ISuggestionMessageStore messages,
    IOptions<RecommendationOptions> options,
    TimeProvider time)
{
    private readonly RecommendationOptions limits = options.Value;

    /// <summary>
    /// Resolves the titles and queues the recommendation. Titles that match nothing with confidence are reported
    /// with "did you mean" candidates; when none resolves, nothing is queued.
    /// </summary>
    public CommandResult Recommend(RecommendCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var typed = command.Titles
            .SelectMany(t => catalog.Matcher.FindById(t) is not null ? [t] : catalog.Matcher.SplitList(t))
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .ToList();
        if (typed.Count == 0)
        {
            return new CommandResult(new TextReply("Tell me a few shows you like, e.g. `Breaking Bad, The Wire`.") { Private = true }, Queued: false);
        }

        var notes = new List<string>();
        if (typed.Count > limits.MaxTitles)
        {
            notes.Add($"I read the first {limits.MaxTitles} titles only.");
            typed = typed.Take(limits.MaxTitles).ToList();
        }

        var matches = typed.Select(catalog.Matcher.Match).ToList();
        var resolved = matches.Where(m => m.IsResolved).Select(m => m.Best!).DistinctBy(s => s.Id).ToList();
        var unresolved = matches.Where(m => !m.IsResolved).Select(ToUnresolved).ToList();
        if (resolved.Count == 0)
        {
            return new CommandResult(new DidYouMeanReply(unresolved), Queued: false);
        }

        notes.AddRange(unresolved.Select(DescribeSkipped));
        var request = new PredictionRequest(
            command.CommandId,
            command.User,
            resolved.Select(s => s.Id).ToList(),
            Math.Clamp(command.Count ?? limits.DefaultCount, 1, limits.MaxCount),
            command.Target,
            time.GetUtcNow())
        {
            Genre = command.Genre is null ? null : catalog.Genres.FirstOrDefault(g => g.Equals(command.Genre.Trim(), StringComparison.OrdinalIgnoreCase)),
            Notes = notes,
        };

        if (command.Genre is not null && request.Genre is null)
        {
            return new CommandResult(new TextReply($"I don't know the genre \"{command.Genre}\". Genres: {string.Join(", ", catalog.Genres)}.") { Private = true }, Queued: false);
        }

        if (!queue.TryEnqueue(request))
        {
            return new CommandResult(new TextReply("I'm already on that one.") { Private = true }, Queued: false, command.CommandId);
        }

        signal.Notify();
        var names = string.Join(", ", resolved.Select(s => s.Title));
        var ack = $"Looking for shows like {names}…" + (notes.Count > 0 ? " " + string.Join(" ", notes) : "");
        return new CommandResult(new TextReply(ack) { Private = true }, Queued: true, command.CommandId);
    }

    /// <summary>Records a like or dislike given by title (the /rate command).</summary>
    public Reply Rate(UserKey user, string title, RatingKind kind)
    {
        var match = catalog.Matcher.Match(title ?? "");
        if (!match.IsResolved)
        {
            return new DidYouMeanReply([ToUnresolved(match)]);
        }

        ratings.Upsert(new Rating(user, match.Best!.Id, kind, RatingSource.Command, time.GetUtcNow()));
        var verb = kind == RatingKind.Like ? "like" : "don't like";
        return new TextReply($"Noted: you {verb} {match.Best.Title} ({match.Best.Years}).") { Private = true };
    }

    /// <summary>What the person liked and disliked so far.</summary>
    public Reply Likes(UserKey user)
    {
        var rated = ratings.ForUser(user);
        IReadOnlyList<Show> Of(RatingKind kind) => rated.Where(r => r.Kind == kind).Select(r => catalog.Find(r.ShowId)).OfType<Show>().ToList();
        return new LikesReply(Of(RatingKind.Like), Of(RatingKind.Dislike));
    }

    /// <summary>Deletes everything ShowBot stored about the person's tastes.</summary>
    public Reply ForgetMe(UserKey user)
    {
        var removed = ratings.ForgetUser(user);
        var lists = messages.ForgetUser(user);
        return new TextReply($"Done: I forgot {removed} rating(s) and {lists} suggestion list(s) of yours.") { Private = true };
    }

    private static UnresolvedTitle ToUnresolved(TitleMatch match) =>
        new(match.Query, match.Best is null ? match.Alternatives : [match.Best, .. match.Alternatives.Where(a => a.Id != match.Best.Id)]);

    private static string DescribeSkipped(UnresolvedTitle title) =>
        title.Candidates.Count == 0
            ? $"I couldn't find \"{title.Typed}\"."
            : $"I skipped \"{title.Typed}\": did you mean {string.Join(" or ", title.Candidates.Take(3).Select(c => $"{c.Title} ({c.Years})"))}?";
}
