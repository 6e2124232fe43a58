using ShowBot.Core.Ratings;

namespace ShowBot.Core.Groups;

/// <summary>One person of a group asking for one list together, as their platform names them.</summary>
/// <param name="User">Who they are.</param>
/// <param name="Name">What the list calls them (a display name, raw: renderers escape it).</param>
public sealed record GroupMember(UserKey User, string Name)
{
    /// <summary>"Ana", "Ana and Ben", "Ana, Ben and Cem".</summary>
    public static string Names(IEnumerable<GroupMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var names = members.Select(m => m.Name).ToList();
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names[..^1]) + " and " + names[^1];
    }
}
