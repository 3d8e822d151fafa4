package ai.acosp.train.run;

import ai.acosp.core.MaskStatistics;
import ai.acosp.train.log.ConsoleLog;
import ai.acosp.train.metrics.AverageMeter;
import ai.acosp.train.metrics.SegmentationMetrics;
import java.util.Locale;

/**
 * The lines a training run prints (and saves in its log). Epochs are numbered from 1 as the user
 * counts them ({@code Epoch: [1/E]} is the first epoch, {@code train_epoch_1.ckpt} its checkpoint);
 * the run's loop counts from 0.
 */
final class TrainingConsole {

    private final ConsoleLog console;
    private final String name;
    private final int epochs;

    TrainingConsole(ConsoleLog console, String name, int epochs) {
        this.console = console;
        this.name = name;
        this.epochs = epochs;
    }

    /** A plain line. */
    void println(String line) {
        console.println(line);
    }

    /** The line every {@code print_freq} steps and the progress line of every step. */
    void step(
            int epoch,
            long index,
            long iterationsPerEpoch,
            boolean print,
            AverageMeter dataTime,
            AverageMeter batchTime,
            AverageMeter mainLoss,
            AverageMeter auxLoss,
            AverageMeter totalLoss,
            double accuracy,
            long iteration,
            long maxIterations) {
        if (print) {
            String remain = formatSeconds(batchTime.average() * (maxIterations - iteration));
            console.println(
                    String.format(
                            Locale.ROOT,
                            "Epoch: [%d/%d][%d/%d] Data %.3f (%.3f) Batch %.3f (%.3f)"
                                    + " Remain %s MainLoss %.4f AuxLoss %.4f Loss %.4f"
                                    + " Accuracy %.4f.",
                            epoch + 1,
                            epochs,
                            index,
                            iterationsPerEpoch,
                            dataTime.value(),
                            dataTime.average(),
                            batchTime.value(),
                            batchTime.average(),
                            remain,
                            mainLoss.value(),
                            auxLoss.value(),
                            totalLoss.value(),
                            accuracy));
        }
        console.progress(
                "Training " + name,
                iteration,
                maxIterations,
                String.format(
                        Locale.ROOT,
                        "epoch %d/%d, loss %.4f",
                        epoch + 1,
                        epochs,
                        totalLoss.value()));
    }

    /** The result of an epoch's training ({@code kind} "Train") or validation ("Val"). */
    void epochResult(String kind, int epoch, SegmentationMetrics metrics) {
        console.println(
                String.format(
                        Locale.ROOT,
                        "%s result at epoch [%d/%d]: %s",
                        kind,
                        epoch + 1,
                        epochs,
                        metrics.summary()));
    }

    /** The mask statistics after an epoch, before the temperature falls. */
    void masks(int epoch, MaskStatistics statistics) {
        console.println("ACoSP epoch " + (epoch + 1) + ": " + statistics.summary());
    }

    /** Masks hardened before the 0-based {@code epoch}, i.e. after {@code epoch} completed ones. */
    void hardened(int epoch, int masks) {
        console.println("=> masks hardened after epoch " + epoch + " (" + masks + " masks)");
    }

    /** Masks left soft hardened when training ended. */
    void hardenedAtEnd(int masks) {
        console.println("=> end of training: masks hardened (" + masks + " masks)");
    }

    private static String formatSeconds(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
