namespace ShowBot.Recommender.Data;

/// <summary>One explicit rating (or implicit feedback value) of an item by a user, with external ids.</summary>
/// <param name="UserId">External user id.</param>
/// <param name="ItemId">External item id.</param>
/// <param name="Rating">The rating as given in the source, e.g. 1–10 or 0.5–5.</param>
public readonly record struct RatingRecord(string UserId, string ItemId, float Rating);
