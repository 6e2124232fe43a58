namespace ShowBot.Storage.Tests;
