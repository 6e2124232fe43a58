using System.ComponentModel.DataAnnotations;

using Microsoft.Extensions.Options;

namespace ShowBot.Hosting;

/// <summary>
/// Validates an options class by its data annotations and names each failing setting by its full configuration
/// path (<c>ShowBot:Worker:Parallelism</c>), which is what a person fixes in appsettings.json or the environment.
/// </summary>
internal sealed class SectionValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(r =>
            $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage} ({SectionValidator.WhereToSet(section, string.Join(",", r.MemberNames))})"));
    }
}

internal static class SectionValidator
{
    /// <summary>Where a person changes a setting, e.g. "set it in config/appsettings.json or as ShowBot__Worker__Parallelism".</summary>
    public static string WhereToSet(string section, string setting) =>
        $"set it in config/appsettings.json or as {section.Replace(":", "__", StringComparison.Ordinal)}__{setting}";
}
