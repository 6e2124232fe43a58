using System.CommandLine;

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
        var minVotes = VerbOptions.Count("--min-votes", "Skip shows with fewer IMDb votes", 0);
        var command = new Command("imdb", "Import TV series and mini-series from IMDb's non-commercial dataset files.") { basics, ratings, minVotes };
        command.SetAction((result, cancellationToken) => VerbHost.RunAsync(
            new ImportImdbRequest(result.GetValue(basics)!.FullName, result.GetValue(ratings)!.FullName, result.GetValue(minVotes)),
            cancellationToken));
        return command;
    }

    private static Command Catalog()
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV with the columns primary_title,start_year,end_year,genres,average_rating,num_votes,show_id" };
        var command = new Command("catalog", "Import shows from a catalog CSV.") { file };
        command.SetAction((result, cancellationToken) => VerbHost.RunAsync(new ImportCatalogRequest(result.GetValue(file)!.FullName), cancellationToken));
        return command;
    }

    private static Command Ratings()
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV or TSV of user, show (IMDb id), rating; header optional; may be .gz" };
        var like = VerbOptions.Number("--like-threshold", "A rating at or above this is a like", 8);
        var dislike = VerbOptions.OptionalNumber("--dislike-threshold", "A rating at or below this is a dislike (default: none)", 4);
        var allowUnknown = new Option<bool>("--allow-unknown-shows") { Description = "Keep ratings of shows that are not in the catalog" };
        var command = new Command("ratings", "Import ratings (user, show, rating) to bootstrap the recommender.") { file, like, dislike, allowUnknown };
        VerbOptions.DislikeBelowLike(command, like, dislike);
        command.SetAction((result, cancellationToken) => VerbHost.RunAsync(
            new ImportRatingsRequest(result.GetValue(file)!.FullName, result.GetValue(like), result.GetValue(dislike), result.GetValue(allowUnknown)),
            cancellationToken));
        return command;
    }
}
