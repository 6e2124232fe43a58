using Microsoft.Extensions.Configuration;

using Npgsql;

using ShowBot.Storage;
using ShowBot.Storage.Postgres;

namespace ShowBot.Hosting;

/// <summary>Opens the database, turning the ways that fails into one message a person can act on.</summary>
internal static class StorageOpener
{
    /// <summary>The connection string (<c>ConnectionStrings:ShowBot</c>) the PostgreSQL provider uses.</summary>
    public const string ConnectionStringName = "ShowBot";

    /// <summary>Opens and owns the file for this process, described as <paramref name="process"/> to any other that tries.</summary>
    /// <exception cref="DatabaseInUseException">Another process owns the file.</exception>
    public static ShowBotDatabase Open(string path, string process)
    {
        try
        {
            return new ShowBotDatabase(path, process);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            throw new StartupException(
                $"Cannot open the database '{Path.GetFullPath(path)}' (ShowBot:Storage:DatabasePath): {ex.Message.TrimEnd('.')}. " +
                "Check the folder exists and is writable and the disk is not full.",
                ex);
        }
    }

    /// <summary>The LiteDB file configured (<c>ShowBot:Storage:DatabasePath</c>), read before the options are bound.</summary>
    public static string DatabasePath(IConfiguration configuration) =>
        configuration.GetSection(StorageOptions.Section)[nameof(StorageOptions.DatabasePath)] ?? new StorageOptions().DatabasePath;

    /// <summary>This node's name among the nodes on PostgreSQL (<c>ShowBot:Storage:NodeName</c>, the host name by default), read before the options are bound.</summary>
    public static string NodeName(IConfiguration configuration) =>
        configuration.GetSection(StorageOptions.Section)[nameof(StorageOptions.NodeName)] is { Length: > 0 } name ? name : Environment.MachineName;

    /// <summary>Whether the stores are PostgreSQL's, decided before the options are bound (a wrong value fails their validation).</summary>
    public static bool UsesPostgres(IConfiguration configuration) =>
        Enum.TryParse<StorageProvider>(configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"], ignoreCase: true, out var provider)
        && provider == StorageProvider.Postgres;

    /// <summary>Connects, creating or migrating the schema; never puts the password in a message.</summary>
    public static PostgresDatabase OpenPostgres(IConfiguration configuration, StorageOptions options)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupException(
                $"{StorageOptions.Section}:Provider is Postgres, but ConnectionStrings:{ConnectionStringName} is not set. Set it (e.g. the environment variable " +
                $"ConnectionStrings__{ConnectionStringName}=\"Host=db;Username=showbot;Password=…;Database=showbot\"), or use the LiteDb provider.");
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            throw new StartupException($"ConnectionStrings:{ConnectionStringName} is not a PostgreSQL connection string (Host=…;Username=…;Password=…;Database=…).");
        }

        try
        {
            return new PostgresDatabase(connectionString, string.IsNullOrWhiteSpace(options.NodeName) ? null : options.NodeName, options.NodeTimeout);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            throw new StartupException(
                $"Cannot use the PostgreSQL database {parsed.Database} on {parsed.Host}:{parsed.Port} (ConnectionStrings:{ConnectionStringName}): " +
                $"{ex.Message.TrimEnd('.')}. Check the server runs, the user and password, and that the user may create tables.",
                ex);
        }
    }
}

/// <summary>A failure at start that the operator must fix; its message is printed as is, without a stack trace.</summary>
internal sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
