using System.CommandLine;

using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Catalog;
using ShowBot.Core.Import;
using ShowBot.Core.Ratings;

using Spectre.Console;

namespace ShowBot.Verbs;

/// <summary><c>showbot import imdb|catalog|ratings</c>: streaming imports into the configured database.</summary>
internal static class ImportVerbs
{
    public static Command Create()
    {
        var import = new Command("import", "Import shows or ratings into ShowBot's database. Nothing already stored is removed.");
        import.Subcommands.Add(Imdb());
        import.Subcommands.Add(Catalog());
        import.Subcommands.Add(Ratings());
        return import;
    }

    private static Command Imdb()
    {
        var basics = new Option<FileInfo>("--basics") { Description = "IMDb's title.basics.tsv or .tsv.gz", Required = true };
        var ratings = new Option<FileInfo>("--ratings") { Description = "IMDb's title.ratings.tsv or .tsv.gz", Required = true };
        var minVotes = new Option<int>("--min-votes") { Description = "Skip shows with fewer IMDb votes", DefaultValueFactory = _ => 0 };
        var command = new Command("imdb", "Import TV series and mini-series from IMDb's non-commercial dataset files.") { basics, ratings, minVotes };
        command.SetAction((result, cancellationToken) => RunAsync("import imdb", (services, progress) =>
            new ImdbDatasetImporter(services.GetRequiredService<ICatalogStore>()).ImportAsync(
                result.GetValue(basics)!.FullName,
                result.GetValue(ratings)!.FullName,
                new ImdbImportOptions { MinVotes = result.GetValue(minVotes) },
                progress,
                cancellationToken)));
        return command;
    }

    private static Command Catalog()
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV with the columns primary_title,start_year,end_year,genres,average_rating,num_votes,show_id" };
        var command = new Command("catalog", "Import shows from a catalog CSV.") { file };
        command.SetAction((result, cancellationToken) => RunAsync("import catalog", (services, progress) =>
            new CatalogCsvImporter(services.GetRequiredService<ICatalogStore>()).ImportAsync(result.GetValue(file)!.FullName, null, progress, cancellationToken)));
        return command;
    }

    private static Command Ratings()
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV or TSV of user, show (IMDb id), rating; header optional; may be .gz" };
        var like = new Option<double>("--like-threshold") { Description = "A rating at or above this is a like", DefaultValueFactory = _ => 8 };
        var dislike = new Option<double?>("--dislike-threshold") { Description = "A rating at or below this is a dislike (default: none)" };
        var allowUnknown = new Option<bool>("--allow-unknown-shows") { Description = "Keep ratings of shows that are not in the catalog" };
        var command = new Command("ratings", "Import ratings (user, show, rating) to bootstrap the recommender.") { file, like, dislike, allowUnknown };
        command.SetAction((result, cancellationToken) => RunAsync("import ratings", (services, progress) =>
        {
            var known = ShowCatalog.LoadSeeded(services.GetRequiredService<ICatalogStore>()).Shows.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var options = new RatingsImportOptions
            {
                LikeThreshold = result.GetValue(like),
                DislikeThreshold = result.GetValue(dislike),
                KnownShowIds = known,
                KeepUnknownShows = result.GetValue(allowUnknown),
            };
            return new RatingsCsvImporter(services.GetRequiredService<IRatingStore>(), services.GetRequiredService<TimeProvider>())
                .ImportAsync(result.GetValue(file)!.FullName, options, progress, cancellationToken);
        }, WarnAboutUnknownShows));
        return command;
    }

    private static void WarnAboutUnknownShows(ImportSummary summary)
    {
        foreach (var line in RatingsCsvImporter.UnknownShowWarnings(summary))
        {
            Console.Error.WriteLine(line);
        }
    }

    private static Task<int> RunAsync(string verb, Func<IServiceProvider, IProgress<ImportProgress>?, Task<ImportSummary>> import, Action<ImportSummary>? warn = null) =>
        VerbHost.RunAsync(verb, withCore: false, async services =>
        {
            var summary = AnsiConsole.Profile.Capabilities.Interactive
                ? await WithProgressBarAsync(verb, progress => import(services, progress))
                : await import(services, null);
            Console.WriteLine($"{verb}: {summary}");
            warn?.Invoke(summary);
            return ExitCodes.Ok;
        });

    private static Task<ImportSummary> WithProgressBarAsync(string verb, Func<IProgress<ImportProgress>, Task<ImportSummary>> import) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(verb, maxValue: 1.0);
                var summary = await import(new Progress<ImportProgress>(p =>
                {
                    bar.Description = $"{verb}: {p.Stage}, {p.RowsRead:N0} rows";
                    bar.Value = p.Fraction ?? 0;
                }));
                bar.Value = 1.0;
                return summary;
            });
}
