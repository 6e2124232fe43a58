namespace ShowBot.Core.Commands;

/// <summary>What this node runs, as the host names it (e.g. "ingress, worker"), for <c>/showbot status</c>.</summary>
/// <param name="Roles">The roles, in words; Core reads nothing into them.</param>
public sealed record ThisNode(string Roles);
