using System.Globalization;
using System.Text.Json.Serialization;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Commands;
using ShowBot.Core.Import;
using ShowBot.Core.Lifecycle;
using ShowBot.Core.Ratings;

namespace ShowBot.Verbs;

/// <summary>How an operator verb shows its progress at a terminal.</summary>
internal enum VerbProgress
{
    None,
    Steps,
    Bar,
}

/// <summary>
/// An operator verb that works on the database, with its arguments as properties so it can travel as JSON. It runs
/// in the process that owns the file: the operator's own, or the bot running on it (<see cref="Control.ControlServer"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "verb")]
[JsonDerivedType(typeof(TrainRequest), "train")]
[JsonDerivedType(typeof(ModelsRequest), "models")]
[JsonDerivedType(typeof(RollbackRequest), "rollback")]
[JsonDerivedType(typeof(ExportRatingsRequest), "export ratings")]
[JsonDerivedType(typeof(ImportCatalogRequest), "import catalog")]
[JsonDerivedType(typeof(ImportImdbRequest), "import imdb")]
[JsonDerivedType(typeof(ImportRatingsRequest), "import ratings")]
[JsonDerivedType(typeof(CheckRequest), "check")]
[JsonDerivedType(typeof(BackupRequest), "backup")]
internal abstract record OperatorRequest([property: JsonIgnore] string Verb, [property: JsonIgnore] VerbProgress Progress = VerbProgress.None)
{
    /// <summary>Said after the work when the running bot did it, where that differs from doing it alone.</summary>
    [JsonIgnore]
    public virtual string? NoteFromRunningBot => null;

    /// <summary>False for work that needs the file to itself, which a running bot must not be asked to do.</summary>
    [JsonIgnore]
    public virtual bool RunsInRunningBot => true;

    /// <summary>What a process that is not serving needs before <see cref="RunAsync"/>; the running bot has it already.</summary>
    public virtual void PrepareStandalone(IServiceProvider services)
    {
    }

    public abstract Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken);
}

internal sealed record TrainRequest(bool Force) : OperatorRequest("train", VerbProgress.Steps)
{
    public override void PrepareStandalone(IServiceProvider services) => services.GetRequiredService<ModelLifecycle>().RestoreServing();

    public override async Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken)
    {
        var outcome = await services.GetRequiredService<ModelLifecycle>().RetrainAsync(Force ? RetrainMode.Forced : RetrainMode.Requested, output.Steps, cancellationToken);
        await output.WriteLineAsync(outcome.Message);
        return outcome.Result is RetrainResult.Failed or RetrainResult.Cancelled ? ExitCodes.BadInput : ExitCodes.Ok;
    }
}

internal sealed record ModelsRequest() : OperatorRequest("models")
{
    public override async Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(((TextReply)services.GetRequiredService<AdminCommands>().Models()).Text);
        return ExitCodes.Ok;
    }
}

internal sealed record RollbackRequest(string? Version) : OperatorRequest("rollback")
{
    public override async Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken)
    {
        var models = services.GetRequiredService<IModelStore>();
        var before = models.Deployed;
        var message = services.GetRequiredService<ModelLifecycle>().Rollback(Version);
        // A rollback that serves a version marks it deployed now; one that could not leaves the deployed version as it was.
        if (models.Deployed is { } after && (after.Version, after.DeployedAt) != (before?.Version, before?.DeployedAt))
        {
            await output.WriteLineAsync(message);
            return ExitCodes.Ok;
        }

        await output.WriteErrorAsync($"rollback: {message} `showbot models` lists the versions and which of them can serve.");
        return ExitCodes.BadInput;
    }
}

/// <summary>The ratings of a data version as CSV lines on the output; where they are written is the operator's side.</summary>
internal sealed record ExportRatingsRequest(string AsOf) : OperatorRequest("export ratings")
{
    public override async Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IRatingStore>();
        var change = ResolveChange(store, services.GetRequiredService<IModelStore>());
        var rows = store.AsOf(change);
        await output.WriteLineAsync("user,show,rating");
        foreach (var rating in rows.OrderBy(r => r.User.ToString(), StringComparer.Ordinal).ThenBy(r => r.ShowId, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Csv(rating.User.ToString())},{rating.ShowId},{(int)rating.Kind}"));
        }

        await output.WriteErrorAsync($"export ratings: {rows.Count:N0} ratings as of change {change}");
        return ExitCodes.Ok;
    }

    private long ResolveChange(IRatingStore ratings, IModelStore models)
    {
        if (AsOf.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return ratings.LastChange;
        }

        if (long.TryParse(AsOf, NumberStyles.None, CultureInfo.InvariantCulture, out var change))
        {
            return change;
        }

        return models.Find(AsOf)?.Data.LastChange
            ?? throw new ArgumentException($"'{AsOf}' is neither a model version, a change number nor 'latest'.");
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>An import: the files are named by full path, so the bot reads the same files the operator named.</summary>
internal abstract record ImportRequest(string Verb) : OperatorRequest(Verb, VerbProgress.Bar)
{
    public override async Task<int> RunAsync(IServiceProvider services, IVerbOutput output, CancellationToken cancellationToken)
    {
        var summary = await ImportAsync(services, output.Import, cancellationToken);
        await output.WriteLineAsync($"{Verb}: {summary}");
        foreach (var warning in Warnings(summary))
        {
            await output.WriteErrorAsync(warning);
        }

        if (summary.NothingImported is { } why)
        {
            await output.WriteErrorAsync($"{Verb}: nothing was imported: {why}. {WhatToDo(summary, summary.SkippedBy.OrderByDescending(r => r.Value).Select(r => (SkipReason?)r.Key).FirstOrDefault())}");
            return ExitCodes.BadInput;
        }

        return ExitCodes.Ok;
    }

    protected abstract Task<ImportSummary> ImportAsync(IServiceProvider services, IProgress<ImportProgress> progress, CancellationToken cancellationToken);

    protected virtual IEnumerable<string> Warnings(ImportSummary summary) => [];

    /// <summary>What the operator can do about an import that imported nothing, mostly for <paramref name="reason"/> (null: the file had no rows).</summary>
    protected abstract string WhatToDo(ImportSummary summary, SkipReason? reason);
}

internal sealed record ImportCatalogRequest(string File) : ImportRequest("import catalog")
{
    [JsonIgnore]
    public override string NoteFromRunningBot => "import catalog: the running bot stored the shows; it suggests them from its next start.";

    protected override Task<ImportSummary> ImportAsync(IServiceProvider services, IProgress<ImportProgress> progress, CancellationToken cancellationToken) =>
        new CatalogCsvImporter(services.GetRequiredService<ICatalogStore>()).ImportAsync(File, null, progress, cancellationToken);

    protected override string WhatToDo(ImportSummary summary, SkipReason? reason) =>
        $"A catalog's first line is {CatalogCsv.Header}, then one show per line, e.g. Fargo,2014,,\"Crime,Drama\",8.9,400000,tt2802850.";
}

internal sealed record ImportImdbRequest(string Basics, string Ratings, int MinVotes) : ImportRequest("import imdb")
{
    [JsonIgnore]
    public override string NoteFromRunningBot => "import imdb: the running bot stored the shows; it suggests them from its next start.";

    protected override Task<ImportSummary> ImportAsync(IServiceProvider services, IProgress<ImportProgress> progress, CancellationToken cancellationToken) =>
        new ImdbDatasetImporter(services.GetRequiredService<ICatalogStore>())
            .ImportAsync(Basics, Ratings, new ImdbImportOptions { MinVotes = MinVotes }, progress, cancellationToken);

    protected override string WhatToDo(ImportSummary summary, SkipReason? reason) => reason switch
    {
        SkipReason.BelowMinVotes => string.Create(CultureInfo.InvariantCulture, $"Every series has fewer than {MinVotes:N0} votes: lower --min-votes."),
        _ => "ShowBot keeps IMDb's tvSeries and tvMiniSeries: check that --basics is IMDb's title.basics.tsv.gz and --ratings its title.ratings.tsv.gz.",
    };
}

internal sealed record ImportRatingsRequest(string File, double LikeThreshold, double? DislikeThreshold, bool AllowUnknownShows) : ImportRequest("import ratings")
{
    protected override Task<ImportSummary> ImportAsync(IServiceProvider services, IProgress<ImportProgress> progress, CancellationToken cancellationToken)
    {
        // The catalog as stored now, not as the running bot loaded it: a catalog imported a moment ago counts.
        var known = ShowCatalog.LoadSeeded(services.GetRequiredService<ICatalogStore>()).Shows.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var options = new RatingsImportOptions
        {
            LikeThreshold = LikeThreshold,
            DislikeThreshold = DislikeThreshold,
            KnownShowIds = known,
            KeepUnknownShows = AllowUnknownShows,
        };
        return new RatingsCsvImporter(services.GetRequiredService<IRatingStore>(), services.GetRequiredService<TimeProvider>())
            .ImportAsync(File, options, progress, cancellationToken);
    }

    protected override IEnumerable<string> Warnings(ImportSummary summary) => RatingsCsvImporter.UnknownShowWarnings(summary);

    protected override string WhatToDo(ImportSummary summary, SkipReason? reason)
    {
        var columns = "ShowBot reads the columns user, show (an IMDb id such as tt0903747) and rating, named in a header such as user,show,rating or in that order"
            + (summary.Header is { } header ? $"; this file's header is {header}." : ".");
        var dislikes = DislikeThreshold is { } dislike ? string.Create(CultureInfo.InvariantCulture, $", a dislike {dislike} or less") : "";
        return reason switch
        {
            SkipReason.Neutral => string.Create(CultureInfo.InvariantCulture,
                $"Every rating is between the thresholds (a like is {LikeThreshold} or more{dislikes}): give --like-threshold (and --dislike-threshold) on the file's scale, e.g. --like-threshold 4 for ratings of 1 to 5."),
            SkipReason.UnknownShow => "None of its shows is in the catalog (see above). " + columns,
            null => "Add one rating per line, e.g. alice,tt0903747,9.",
            _ => columns,
        };
    }
}
