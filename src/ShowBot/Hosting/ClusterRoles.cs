using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Npgsql;

using ShowBot.Core.Commands;
using ShowBot.Storage.Postgres;

namespace ShowBot.Hosting;

/// <summary>
/// What the running nodes of a PostgreSQL cluster run, read from the nodes' heartbeats: for <c>/showbot status</c>,
/// and in the log whenever a role comes to be run by no node, or is run again. Roles are each node's own setting, so
/// only the cluster as a whole shows that no node answers requests or retrains.
/// </summary>
internal sealed partial class ClusterRoles(PostgresDatabase database, TimeProvider time, ILogger<ClusterRoles> logger) : BackgroundService, IClusterRoles
{
    /// <inheritdoc />
    public IReadOnlyList<string> Describe()
    {
        var nodes = database.RunningNodes();
        if (nodes.Count == 0)
        {
            return []; // not even this node has beaten with its roles yet: nothing is known
        }

        var lines = new List<string> { "Nodes running: " + string.Join("; ", nodes.Select(n => $"{n.Name} ({(n.Roles.Length > 0 ? n.Roles : "roles not known: an older ShowBot")})")) };
        lines.AddRange((Missing(nodes) ?? []).Select(role => $"No running node has {NodeRoles.Name(role)}: {WhatGoesUndone(role)}"));
        return lines;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A node's peers may be starting beside it: judge once every node had the time to beat.
        using var timer = new PeriodicTimer(database.NodeTimeout, time);
        var missing = new HashSet<NodeRole>();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (Missing(database.RunningNodes()) is not { } now)
                {
                    continue; // an older node runs roles nobody knows: nothing can be said missing, nor found again
                }

                foreach (var role in now.Except(missing))
                {
                    LogMissing(NodeRoles.Name(role), WhatGoesUndone(role));
                }

                foreach (var role in missing.Except(now))
                {
                    LogRunAgain(NodeRoles.Name(role));
                }

                missing = now;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // The heartbeat says when PostgreSQL cannot be reached; the next tick looks again.
            }
        }
    }

    /// <summary>The roles no running node has; null while a node of an older ShowBot, whose roles are not known, runs.</summary>
    private static HashSet<NodeRole>? Missing(IReadOnlyList<(string Name, string Roles)> nodes)
    {
        if (nodes.Any(n => n.Roles.Length == 0))
        {
            return null;
        }

        var run = nodes.Aggregate(NodeRole.None, (roles, node) => roles | NodeRoles.FromWords(node.Roles));
        return [.. NodeRoles.Each.Where(role => (run & role) == NodeRole.None)];
    }

    private static string WhatGoesUndone(NodeRole role) => role switch
    {
        NodeRole.Worker => "requests are accepted, but nobody answers them until a node with it starts",
        NodeRole.Scheduler => "nothing retrains on schedule or prunes old data, and an admin's retrain waits for a node with it",
        NodeRole.Ingress => "nothing serves the HTTP endpoints (Discord's interactions endpoint, Slack's HTTP mode)",
        _ => "no node holds Discord's gateway connection or Slack's Socket Mode",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "No running node has {Role}: {Consequence}")]
    private partial void LogMissing(string role, string consequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "A running node has {Role} again")]
    private partial void LogRunAgain(string role);
}
