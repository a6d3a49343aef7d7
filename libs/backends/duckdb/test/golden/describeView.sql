DESCRIBE "sh"."sh"."sales_load_1";
