using ShowBot.Core.Catalog;

namespace ShowBot.Core.Chat;

/// <summary>The shows a person liked and disliked, most recent first.</summary>
public sealed record LikesReply(IReadOnlyList<Show> Liked, IReadOnlyList<Show> Disliked) : Reply;
