using System.ComponentModel.DataAnnotations;

namespace ShowBot.Storage;

/// <summary>Where ShowBot keeps its data. Bound from <c>ShowBot:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "ShowBot:Storage";

    /// <summary>
    /// Where the data lives: <see cref="StorageProvider.LiteDb"/>, one file, for one machine (the default), or
    /// <see cref="StorageProvider.Postgres"/> (<c>ConnectionStrings:ShowBot</c>), shared by any number of nodes.
    /// </summary>
    public StorageProvider Provider { get; set; } = StorageProvider.LiteDb;

    /// <summary>The LiteDB file; relative paths are relative to the working directory. Its folder is created.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = "data/showbot.db";

    /// <summary>With PostgreSQL, this node's name in the logs and among the nodes; the host name when empty.</summary>
    public string? NodeName { get; set; }

    /// <summary>With PostgreSQL, how long a node may go without a heartbeat before the others answer the requests it had taken.</summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The engines ShowBot can keep its data in.</summary>
public enum StorageProvider
{
    LiteDb,
    Postgres,
}
