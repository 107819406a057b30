package org.vigil.trainer;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import org.dmg.pmml.DataDictionary;
import org.dmg.pmml.DataField;
import org.dmg.pmml.DataType;
import org.dmg.pmml.Header;
import org.dmg.pmml.MiningField;
import org.dmg.pmml.MiningFunction;
import org.dmg.pmml.MiningSchema;
import org.dmg.pmml.OpType;
import org.dmg.pmml.OutputField;
import org.dmg.pmml.Output;
import org.dmg.pmml.PMML;
import org.dmg.pmml.ResultFeature;
import org.dmg.pmml.Value;
import org.dmg.pmml.Version;
import org.dmg.pmml.regression.CategoricalPredictor;
import org.dmg.pmml.regression.NumericPredictor;
import org.dmg.pmml.regression.RegressionModel;
import org.dmg.pmml.regression.RegressionTable;

/**
 * Writes the logistic regression as a PMML 4.4 RegressionModel: the target {@code disease}
 * ("yes"/"no"), each input with its missing-value replacement, and {@code probability(yes)} as
 * output. No timestamp, so the same model gives the same bytes.
 */
final class PmmlWriter {

    private PmmlWriter() {
    }

    static PMML build(double[] beta, Map<String, Object> replacements, String version) {
        DataDictionary dictionary = new DataDictionary();
        MiningSchema schema = new MiningSchema();
        for (String name : Features.NUMERIC) {
            dictionary.addDataFields(new DataField(name, OpType.CONTINUOUS, DataType.DOUBLE));
            schema.addMiningFields(new MiningField(name).setMissingValueReplacement(replacements.get(name)));
        }
        Features.CATEGORICAL.forEach((name, levels) -> {
            DataField field = new DataField(name, OpType.CATEGORICAL, DataType.STRING);
            levels.forEach(level -> field.addValues(new Value(level)));
            dictionary.addDataFields(field);
            schema.addMiningFields(new MiningField(name).setMissingValueReplacement(replacements.get(name)));
        });
        DataField target = new DataField("disease", OpType.CATEGORICAL, DataType.STRING)
                .addValues(new Value("yes"), new Value("no"));
        dictionary.addDataFields(target);
        schema.addMiningFields(new MiningField("disease").setUsageType(MiningField.UsageType.TARGET));

        RegressionTable yes = new RegressionTable(beta[0]).setTargetCategory("yes");
        int column = 1;
        for (String name : Features.NUMERIC) {
            yes.addNumericPredictors(new NumericPredictor(name, beta[column++]));
        }
        for (Map.Entry<String, List<String>> field : Features.CATEGORICAL.entrySet()) {
            for (String level : field.getValue().subList(1, field.getValue().size())) {
                yes.addCategoricalPredictors(new CategoricalPredictor(field.getKey(), level, beta[column++]));
            }
        }
        RegressionTable no = new RegressionTable(0).setTargetCategory("no");

        Output output = new Output().addOutputFields(new OutputField("probability(yes)", OpType.CONTINUOUS, DataType.DOUBLE)
                .setResultFeature(ResultFeature.PROBABILITY).setValue("yes"));

        RegressionModel model = new RegressionModel(MiningFunction.CLASSIFICATION, schema, null)
                .setModelName("vigil-heart-risk")
                .setNormalizationMethod(RegressionModel.NormalizationMethod.LOGIT)
                .setOutput(output)
                .addRegressionTables(yes, no);

        Header header = new Header().setModelVersion(version).setDescription("Vigil heart-disease risk, logistic regression")
                .setCopyright("Apache-2.0; trained on UCI Heart Disease (Cleveland), CC BY 4.0");
        return new PMML(Version.PMML_4_4.getVersion(), header, dictionary).addModels(model);
    }

    static void write(PMML pmml, OutputStream out) throws Exception {
        Marshaller marshaller = JAXBContext.newInstance(PMML.class).createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
        marshaller.marshal(pmml, out);
    }
}
