namespace ShowBot.Core.Ratings;

/// <summary>A person on one platform: <c>discord:80351110224678912</c>, <c>slack:T1/U2</c>, <c>console:alice</c>.</summary>
public readonly record struct UserKey(string Platform, string UserId)
{
    /// <inheritdoc />
    public override string ToString() => $"{Platform}:{UserId}";

    /// <summary>Reads a key written by <see cref="ToString"/>; throws <see cref="FormatException"/> otherwise.</summary>
    public static UserKey Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1)
        {
            throw new FormatException($"'{value}' is not a user key of the form platform:user");
        }

        return new UserKey(value[..colon], value[(colon + 1)..]);
    }
}

/// <summary>Whether a rating is a like or a dislike; ShowBot's feedback is binary.</summary>
public enum RatingKind
{
    /// <summary>Not for me.</summary>
    Dislike = -1,

    /// <summary>I like it.</summary>
    Like = 1,
}

/// <summary>How a rating came to be, so that removing a reaction never erases a like given some other way.</summary>
public enum RatingSource
{
    /// <summary>A show given to /recommend.</summary>
    RequestInput,
    /// <summary>A reaction on a suggestion list.</summary>
    Reaction,
    /// <summary>The /rate command.</summary>
    Command,
    /// <summary>An imported ratings file.</summary>
    Import,
}

/// <summary>One person's opinion of one show. A person has at most one rating per show.</summary>
public sealed record Rating(UserKey User, string ShowId, RatingKind Kind, RatingSource Source, DateTimeOffset At);
