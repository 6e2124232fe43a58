using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ShowBot.Hosting;

/// <summary>A part of ShowBot a node may run. Only the composition root knows them: it leaves out the hosted services of a role the node lacks.</summary>
[Flags]
internal enum NodeRole
{
    None = 0,

    /// <summary>The HTTP endpoints that take commands: Discord's interactions endpoint, Slack's HTTP mode.</summary>
    Ingress = 1,

    /// <summary>The prediction worker's lanes: queued requests claimed and answered.</summary>
    Worker = 2,

    /// <summary>Retraining (the schedule, the catch-up at start, admins' runs) and the data retention.</summary>
    Scheduler = 4,

    /// <summary>Discord's gateway connection and Slack's Socket Mode.</summary>
    Gateway = 8,

    All = Ingress | Worker | Scheduler | Gateway,
}

/// <summary>
/// <c>ShowBot:Roles</c>, the roles this node runs, in any case: an array (<c>ShowBot__Roles__0=worker</c>) or one
/// comma-separated value (<c>ShowBot__Roles=ingress,worker</c>, as compose files write the environment). Every role
/// when it is not set.
/// </summary>
internal sealed class NodeRoles
{
    public const string Section = "ShowBot";
    public const string Setting = Section + ":" + nameof(Roles);

    /// <summary>Every role, in the one order they are listed everywhere.</summary>
    public static readonly NodeRole[] Each = [NodeRole.Ingress, NodeRole.Worker, NodeRole.Scheduler, NodeRole.Gateway];

    /// <summary>The names as configured, trimmed, empty ones dropped.</summary>
    public IReadOnlyList<string> Names { get; set; } = [.. Each.Select(Name)];

    public NodeRole Roles => Names.Aggregate(NodeRole.None, (roles, name) => roles | Parse(name));

    /// <summary>The names that are not a role.</summary>
    public IEnumerable<string> Unknown => Names.Where(n => Parse(n) == NodeRole.None);

    public bool Has(NodeRole role) => (Roles & role) == role;

    /// <summary>The roles as configured (see <see cref="ListSetting"/>); every role when not set.</summary>
    public static NodeRoles Read(IConfiguration configuration) =>
        ListSetting.Read(configuration, Setting) is { } names ? new NodeRoles { Names = names } : new NodeRoles();

    /// <summary>Roles by name, e.g. "ingress, worker", in the one order they are listed everywhere.</summary>
    public static string Describe(NodeRole roles) => string.Join(", ", Each.Where(r => (roles & r) == r).Select(Name));

    public static string Name(NodeRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The roles <see cref="Describe"/> put in words (as another node's heartbeat stores them).</summary>
    public static NodeRole FromWords(string words) =>
        new NodeRoles { Names = words.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }.Roles;

    private static NodeRole Parse(string name) => Each.FirstOrDefault(r => string.Equals(Name(r), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Refuses an empty list, a name that is no role, and, with LiteDB, any role left out: one process owns the file,
    /// so no other node would do the missing work.
    /// </summary>
    internal sealed class Validator(bool clustered) : IValidateOptions<NodeRoles>
    {
        public ValidateOptionsResult Validate(string? name, NodeRoles options)
        {
            var where = SectionValidator.WhereToSet(Section, nameof(Roles));
            var known = "use any of " + Describe(NodeRole.All);
            if (options.Unknown.FirstOrDefault() is { } unknown)
            {
                return ValidateOptionsResult.Fail($"{Setting}: '{unknown}' is not a role; {known} ({where})");
            }

            if (options.Names.Count == 0)
            {
                return ValidateOptionsResult.Fail($"{Setting}: no role is given, so this node would do nothing; {known}, or leave it out for all four ({where})");
            }

            return options.Roles == NodeRole.All || clustered
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{Setting}: leaving out {Describe(NodeRole.All & ~options.Roles)} is for a node of a PostgreSQL cluster, where other nodes do it; " +
                    $"with LiteDB this process is the only one, so it runs every role (leave the setting out)");
        }
    }
}

/// <summary>Says at start which roles this node runs, and what a role it lacks leaves to the other nodes.</summary>
internal sealed partial class NodeRolesAnnouncement(IOptions<NodeRoles> roles, ILogger<NodeRolesAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var runs = roles.Value.Roles;
        if (runs == NodeRole.All)
        {
            LogEveryRole(NodeRoles.Describe(runs));
        }
        else
        {
            LogSomeRoles(NodeRoles.Describe(runs), NodeRoles.Describe(NodeRole.All & ~runs));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Roles of this node: {Roles}")]
    private partial void LogEveryRole(string roles);

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "Roles of this node: {Roles}; other nodes run {Missing}")]
    private partial void LogSomeRoles(string roles, string missing);
}
