using System.ComponentModel.DataAnnotations;

namespace ShowBot.Storage;

/// <summary>Where ShowBot keeps its data. Bound from <c>ShowBot:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "ShowBot:Storage";

    /// <summary>The LiteDB file; relative paths are relative to the working directory. Its folder is created.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = "data/showbot.db";
}
