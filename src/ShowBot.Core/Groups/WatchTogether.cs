using Microsoft.Extensions.Options;

using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;
using ShowBot.Core.Text;

namespace ShowBot.Core.Groups;

/// <summary>A /together as any platform delivers it: the group, the invoker first.</summary>
/// <param name="CommandId">The platform's id of the command; the queue key, so a repeat is answered once.</param>
/// <param name="Group">Who is watching: the invoker, then the people they named.</param>
/// <param name="Target">Where the list must go.</param>
/// <param name="Syntax">How the platform writes commands, for the hint to a member without likes.</param>
public sealed record TogetherCommand(string CommandId, IReadOnlyList<GroupMember> Group, ReplyTarget Target, ICommandSyntax Syntax);

/// <summary>
/// Accepts a /together: checks the group, tells who has no likes yet and how to add some, and queues one request
/// for the whole group, answered by <see cref="GroupRecommender"/> like any queued request.
/// </summary>
public sealed class WatchTogether(IRatingStore ratings, IPredictionQueue queue, PredictionSignal signal, IOptions<RecommendationOptions> options, TimeProvider time)
{
    /// <summary>How many people may watch with the invoker: Discord's five user options.</summary>
    public const int MaxCompanions = 5;

    private readonly RecommendationOptions limits = options.Value;

    /// <summary>Queues the group's request, or answers why not (nobody to watch with, too many, nobody has likes).</summary>
    public CommandResult Queue(TogetherCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var group = command.Group
            .DistinctBy(m => m.User)
            .Select(m => m with { Name = UntrustedText.Line(m.Name).Trim() is { Length: > 0 } name ? name : m.User.UserId })
            .ToList();
        if (group.Count < 2)
        {
            return CommandResult.NotQueued(new TextReply($"Who is watching with you? Use: {command.Syntax.Usage(CommandCatalog.Together)}"));
        }

        if (group.Count > MaxCompanions + 1)
        {
            return CommandResult.NotQueued(new TextReply($"I can pick for you and up to {MaxCompanions} others; you named {group.Count - 1}."));
        }

        var rate = command.Syntax.Invocation(CommandCatalog.Rate);
        var recommend = command.Syntax.Invocation(CommandCatalog.Recommend);
        var withoutLikes = group.Where(m => !ratings.ForUser(m.User).Any(r => r.Kind == RatingKind.Like)).ToList();
        if (withoutLikes.Count == group.Count)
        {
            return CommandResult.NotQueued(new TextReply($"None of you has liked a show yet, so I have nothing to go on. Each of you: {rate} a show or {recommend} a few you like, then ask again."));
        }

        var notes = withoutLikes.Select(m => $"{m.Name} has no likes yet: {rate} a show or {recommend} a few.").ToList();
        var request = new PredictionRequest(command.CommandId, group[0].User, [], limits.DefaultCount, command.Target, time.GetUtcNow())
        {
            Members = group,
            Notes = notes,
        };
        var remarks = notes.Count > 0 ? " " + string.Join(" ", notes) : "";
        return CommandResult.Queue(request, new TextReply($"Looking for shows for {GroupMember.Names(group)}…{remarks}"), queue, signal);
    }
}
