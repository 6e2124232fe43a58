namespace ShowBot.Core.Commands;

/// <summary>What the nodes sharing this node's store run, for <c>/showbot status</c>, in the host's words: Core reads nothing into them.</summary>
public interface IClusterRoles
{
    /// <summary>Lines for the status: the running nodes with their roles, and each role none of them runs; none when this process is the whole bot.</summary>
    IReadOnlyList<string> Describe();
}

/// <summary>This process is the whole bot (one LiteDB file): its own roles say it all.</summary>
public sealed class OneProcess : IClusterRoles
{
    /// <inheritdoc />
    public IReadOnlyList<string> Describe() => [];
}
