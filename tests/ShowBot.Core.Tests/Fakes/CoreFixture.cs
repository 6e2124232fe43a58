using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Groups;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;
using ShowBot.Core.Recommendations;
using ShowBot.Core.Requests;
using ShowBot.Recommender.Content;

namespace ShowBot.Core.Tests.Fakes;

/// <summary>Core's use cases wired over in-memory ports, the sample catalog and a fake clock.</summary>
internal sealed class CoreFixture : IDisposable
{
    // With a disk, the worker writes through it, so it can fill up under the worker.
    public CoreFixture(PredictionWorkerOptions? worker = null, ShowCatalog? catalog = null, FullDisk? disk = null)
    {
        Catalog = catalog ?? SampleCatalog.Catalog();
        Content = ShowContent.Knowledge(Catalog, ShowKnowledge.BuiltIn);
        Serving = new ServingModel(new DeployedModel("content", Content));
        IRatingStore workerRatings = disk is null ? Ratings : new FullDiskRatings(Ratings, disk);
        Recommender = new ShowRecommender(Catalog, Serving, workerRatings, Content, ShowKnowledge.BuiltIn);
        Commands = new CommandHandler(Catalog, Queue, Signal, Ratings, new InMemoryPersonalDataEraser(Ratings, Messages), Options.Create(new RecommendationOptions()), Time, new RequestInterpreter(Catalog, ShowKnowledge.BuiltIn));
        Reactions = new ReactionHandler(Messages, Ratings, Posting, Time);
        Actions = new ActionHandler(Commands, Reactions, Messages, Posting, Catalog, Queue, Signal, Time);
        ISuggestionMessageStore workerMessages = disk is null ? Messages : new FullDiskMessages(Messages, disk);
        IPredictionQueue workerQueue = disk is null ? Queue : new FullDiskQueue(Queue, disk);
        Groups = new GroupRecommender(Catalog, Serving, workerRatings, workerMessages, ShowKnowledge.BuiltIn);
        Answerer = new PredictionAnswerer(Recommender, Groups, workerRatings, new ChatPlatforms([Chat]), workerMessages, Posting, StorageFailures.OperatingSystemOnly, Time);
        Lifecycle = new ModelLifecycle(Ratings, new RatingSnapshots(), Models, Serving, Content, Options.Create(new RetrainingOptions()), Time, NullLogger<ModelLifecycle>.Instance);
        Dispatcher = new CommandDispatcher(Commands, new AdminCommands(Lifecycle, Models, Scheduler, Queue, Ratings, Serving, new ThisNode("ingress, worker, scheduler, gateway"), new OneProcess()), new WatchTogether(Ratings, Queue, Signal, Options.Create(new RecommendationOptions()), Time), Catalog, Options.Create(new RecommendationOptions()));
        Worker = new PredictionWorker(workerQueue, Signal, Answerer, new ChatPlatforms([Chat]), StorageFailures.OperatingSystemOnly, Options.Create(worker ?? new PredictionWorkerOptions()), Time, NullLogger<PredictionWorker>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public ShowCatalog Catalog { get; }

    public InMemoryRatingStore Ratings { get; } = new();

    public InMemoryPredictionQueue Queue { get; } = new();

    public InMemorySuggestionMessageStore Messages { get; } = new();

    public PredictionSignal Signal { get; } = new();

    public ListsBeingPosted Posting { get; } = new();

    public RecordingChatPlatform Chat { get; } = new();

    public KnowledgeModel Content { get; }

    public ServingModel Serving { get; }

    public ShowRecommender Recommender { get; }

    public GroupRecommender Groups { get; }

    public CommandHandler Commands { get; }

    /// <summary>Every chat command, as the adapters run them.</summary>
    public CommandDispatcher Dispatcher { get; }

    public InMemoryModelStore Models { get; } = new();

    public ModelLifecycle Lifecycle { get; }

    public RecordingRetrainScheduler Scheduler { get; } = new();

    public ReactionHandler Reactions { get; }

    public ActionHandler Actions { get; }

    public PredictionAnswerer Answerer { get; }

    public PredictionWorker Worker { get; }

    public static UserKey Alice { get; } = new("test", "alice");

    public static ReplyTarget TargetFor(string key) => new("test", key);

    public static RecommendCommand Recommend(string id, params string[] titles) => new(id, Alice, titles, TargetFor(id));

    public void Dispose()
    {
        Worker.Dispose();
        Signal.Dispose();
        Lifecycle.Dispose();
    }
}
