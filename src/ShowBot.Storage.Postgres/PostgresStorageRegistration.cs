using Microsoft.Extensions.DependencyInjection;

using Npgsql;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Storage.Postgres;

public static class PostgresStorageRegistration
{
    /// <summary>
    /// Every storage port on PostgreSQL (the gateway's identify gate and shard lease among them), the node's heartbeat, and the listener that serves what another node deploys.
    /// <paramref name="open"/> opens the database (the composition root turns its failures into a message a person can act on).
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, Func<IServiceProvider, PostgresDatabase> open)
    {
        services.AddSingleton(open);
        services.AddSingleton<ICatalogStore, PostgresCatalogStore>();
        services.AddSingleton<IRatingStore, PostgresRatingStore>();
        services.AddSingleton<IPredictionQueue, PostgresPredictionQueue>();
        services.AddSingleton<ISuggestionMessageStore, PostgresSuggestionMessageStore>();
        services.AddSingleton<IModelStore, PostgresModelStore>();
        services.AddSingleton<IPersonalDataEraser, PostgresPersonalDataEraser>();
        services.AddSingleton<IIdentifyGate, PostgresIdentifyGate>();
        services.AddSingleton<IShardLease, PostgresShardLease>();
        services.AddSingleton(new StorageFailures(ex => ex is NpgsqlException));
        services.AddHostedService<NodeHeartbeat>();
        services.AddHostedService<DeployListener>();
        return services;
    }
}
