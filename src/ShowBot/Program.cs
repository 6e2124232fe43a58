using ShowBot.Verbs;

return await ShowBotCommandLine.Create().Parse(args).InvokeAsync();
