using ShowBot.Verbs;

return await ShowBotCommandLine.Parse(args).InvokeAsync();
