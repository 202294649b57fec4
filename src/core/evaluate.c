/* jixiao — a form evaluated: scored, then checked. */
#include "jixiao/core/score.h"

jx_error jx_evaluate(const jx_form *form, const jx_rules *rules, jx_result *res)
{
	jx_error err = jx_score(form, rules, res);
	if (err == JX_OK)
		err = jx_check(form, res);
	return err;
}
