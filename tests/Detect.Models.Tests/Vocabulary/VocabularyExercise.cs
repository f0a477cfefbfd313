using Detect.Config;

namespace Detect.Models.Tests.Vocabulary;

/// <summary>How the every-vocabulary test exercises one attribute: its baseline config, and what builds and runs a config of it.</summary>
/// <param name="Baseline">Minimal valid settings of the attribute's record (the enum cases vary one value of it).</param>
/// <param name="Run">Builds the config through the generated <c>Build()</c>, in its surroundings, and runs it once on a tiny input.</param>
internal sealed record VocabularyExercise(Func<ComponentConfig> Baseline, Action<ComponentConfig> Run)
{
    /// <summary>Every attribute's exercise: the model side's and the runtime side's.</summary>
    public static readonly IReadOnlyDictionary<Type, VocabularyExercise> All =
        ModelVocabularyCases.Exercises.Concat(RuntimeVocabularyCases.Exercises).ToDictionary();
}
