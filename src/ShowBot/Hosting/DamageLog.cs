using Microsoft.Extensions.Logging;

using ShowBot.Core.Damage;
using ShowBot.Storage;

namespace ShowBot.Hosting;

/// <summary>One error line for each part of the database found damaged, when it is found; the bot goes on without it.</summary>
internal static partial class DamageLog
{
    public static ShowBotDatabase Reporting(this ShowBotDatabase database, ILogger logger)
    {
        database.DamageFound += (collection, finding) => LogDamaged(logger, StoredDataDamagedException.Describe(collection), finding);
        return database;
    }

    [LoggerMessage(EventId = 430, Level = LogLevel.Error, Message = "Found {Damage} (LiteDB: {Finding}). What is intact goes on serving.")]
    private static partial void LogDamaged(ILogger logger, string damage, string finding);
}
