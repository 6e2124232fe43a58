namespace ShowBot.Core.Tests;
